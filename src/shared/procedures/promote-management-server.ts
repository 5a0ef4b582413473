import { serversWithRole } from '../manifest';
import { definePage, definePages, serverChoices, type ProcedureAnswers } from '../procedure-pages';
import { databaseNameField, sqlServerNameField } from '../sql-server-name';
import { computerNameField } from '../validation/text-rules';

/** The pages of "Promote a Service Manager management server". */

const serverPage = definePage({
  id: 'server',
  title: 'Server to promote',
  description: 'The additional management server that will take over the workflows of the primary server.',
  fields: {
    server: {
      schema: computerNameField('choose the additional management server to promote'),
      label: 'Additional management server',
      kind: 'select',
      help: 'Only additional Service Manager management servers can be promoted; the data warehouse server cannot.',
      options: (manifest) => serverChoices(serversWithRole(manifest, 'sm-additional-management-server')),
    },
  },
});

const databasePage = definePage({
  id: 'database',
  title: 'Service Manager database',
  description: 'Where the ServiceManager database lives. The promotion is recorded there.',
  fields: {
    sqlServer: {
      schema: sqlServerNameField,
      label: 'Database server',
      kind: 'text',
      placeholder: 'SQLSERVER\\INSTANCE',
      help: 'computer\\instance, computer,port, or computer for the default instance.',
    },
    database: { schema: databaseNameField, label: 'Database name', kind: 'text', placeholder: 'e.g. ServiceManager' },
  },
});

export const promoteManagementServerPages = definePages([serverPage, databasePage]);
export type PromoteManagementServerAnswers = ProcedureAnswers<typeof promoteManagementServerPages.definitions>;
