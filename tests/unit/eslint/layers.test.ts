import { RuleTester } from 'eslint';
import { describe, it } from 'vitest';
// @ts-expect-error: the lint rule is plain JavaScript, loaded by eslint.config.mjs, with no types of its own.
import { layersPlugin } from '../../../eslint/layers.mjs';

/**
 * The layer rule that lint runs on every import of src/ (README.md, "Layout"): each case names the
 * file importing and what it imports, as the rule sees them in the real tree.
 */
RuleTester.describe = describe;
RuleTester.it = it;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2022, sourceType: 'module' } });
const file = (path: string) => `${process.cwd()}/${path}`;

tester.run('import-layers', layersPlugin.rules['import-layers'], {
  valid: [
    {
      filename: file('src/main/procedures/promote-management-server/procedure.ts'),
      code: "import '../../engine/flow-types';",
    },
    {
      filename: file('src/main/procedures/common/sql-connection.ts'),
      code: "import '../../knowledge/sql/statements';",
    },
    { filename: file('src/main/engine/run-manager.ts'), code: "import '../host/types';" },
    { filename: file('src/main/knowledge/sql/statements.ts'), code: "import '../../../shared/sql-server-name';" },
    { filename: file('src/main/host/drill/drill-site.ts'), code: "import '../../knowledge/failures';" },
    { filename: file('src/main/app/wizard-core.ts'), code: "import '../host/drill/drill-site';" },
    { filename: file('src/renderer/src/app.tsx'), code: "import '../../shared/channels';" },
    { filename: file('src/main/engine/journal.ts'), code: "import 'node:fs';" },
    { filename: file('src/main/reports/run-report.ts'), code: "import '../engine/journal';" },
    { filename: file('src/main/app/wizard-core.ts'), code: "import '../reports/run-report';" },
  ],
  invalid: [
    // The engine runs any procedure and knows none, nor how a host is built.
    {
      filename: file('src/main/engine/run-manager.ts'),
      code: "import '../procedures';",
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: file('src/main/engine/run-manager.ts'),
      code: "import '../host/windows/windows-host';",
      errors: [{ messageId: 'layer' }],
    },
    // Knowledge is pure: shared and itself only, and nothing that reaches the outside world.
    {
      filename: file('src/main/knowledge/commands.ts'),
      code: "import '../host/types';",
      errors: [{ messageId: 'layer' }],
    },
    { filename: file('src/main/knowledge/commands.ts'), code: "import 'node:fs';", errors: [{ messageId: 'package' }] },
    {
      filename: file('src/main/knowledge/commands.ts'),
      code: "import 'node:child_process';",
      errors: [{ messageId: 'package' }],
    },
    // A host implementation imports neither the other implementation, nor a procedure, nor the engine.
    {
      filename: file('src/main/host/drill/drill-site.ts'),
      code: "import '../windows/tools/secure-storage-driver';",
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: file('src/main/host/windows/windows-host.ts'),
      code: "import '../../procedures/common/sql-connection';",
      errors: [{ messageId: 'layer' }],
    },
    { filename: file('src/main/host/types.ts'), code: "import '../engine/errors';", errors: [{ messageId: 'layer' }] },
    // A procedure reaches the site only through the host interfaces.
    {
      filename: file('src/main/procedures/common/sql-connection.ts'),
      code: "import '../../host/drill/drill-site';",
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: file('src/main/procedures/common/sql-connection.ts'),
      code: "import 'mssql';",
      errors: [{ messageId: 'package' }],
    },
    // The renderer and the contract import no main-process code.
    {
      filename: file('src/renderer/src/app.tsx'),
      code: "import '../../main/engine/journal';",
      errors: [{ messageId: 'layer' }],
    },
    {
      filename: file('src/shared/channels.ts'),
      code: "import '../main/engine/errors';",
      errors: [{ messageId: 'layer' }],
    },
    { filename: file('src/shared/channels.ts'), code: "import 'node:fs';", errors: [{ messageId: 'package' }] },
    // A report is made from journal records alone: it reads no file and reaches no site.
    { filename: file('src/main/reports/run-report.ts'), code: "import 'node:fs';", errors: [{ messageId: 'package' }] },
    {
      filename: file('src/main/reports/run-report.ts'),
      code: "import '../host/drill/drill-site';",
      errors: [{ messageId: 'layer' }],
    },
  ],
});
