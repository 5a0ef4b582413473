// What Microsoft's T-SQL parser (ScriptDom) makes of a text, as JSON: its errors, its batches,
// each statement's type and the values in its tree. Compiled by scriptdom-bridge.ps1 with
// Add-Type; the wizard's tests read the answers (tests/parsers/support/scriptdom.ts).
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.SqlServer.TransactSql.ScriptDom;

public static class ScriptDomBridge
{
    static readonly Dictionary<int, TSqlParser> parsers = new Dictionary<int, TSqlParser>();

    /// <summary>One parser per version, made once: each parse is independent of the one before.</summary>
    static TSqlParser ParserFor(int version)
    {
        TSqlParser parser;
        if (!parsers.TryGetValue(version, out parser))
        {
            parser = NewParser(version);
            parsers[version] = parser;
        }
        return parser;
    }

    static TSqlParser NewParser(int version)
    {
        switch (version)
        {
            case 90: return new TSql90Parser(true);
            case 100: return new TSql100Parser(true);
            case 110: return new TSql110Parser(true);
            case 120: return new TSql120Parser(true);
            case 130: return new TSql130Parser(true);
            case 140: return new TSql140Parser(true);
            case 150: return new TSql150Parser(true);
            case 160: return new TSql160Parser(true);
            case 170: return new TSql170Parser(true);
            case 180: return new TSql180Parser(true);
            default: throw new ArgumentException("No ScriptDom parser for SQL Server version " + version);
        }
    }

    /// <summary>
    /// One answer: for each text, for each parser version, what the parser found. Texts arrive as
    /// UTF-16 code units in hex, so that every string (NUL, lone surrogates) arrives as it was sent.
    /// </summary>
    public static string Answer(long id, int[] versions, string[] hexTexts)
    {
        var texts = new string[hexTexts.Length];
        for (int t = 0; t < hexTexts.Length; t++) texts[t] = FromHex(hexTexts[t]);
        var json = new Json();
        json.Raw("{\"id\":").Raw(id.ToString()).Raw(",\"results\":[");
        for (int t = 0; t < texts.Length; t++)
        {
            if (t > 0) json.Raw(",");
            json.Raw("[");
            for (int v = 0; v < versions.Length; v++)
            {
                if (v > 0) json.Raw(",");
                Parse(json, versions[v], texts[t]);
            }
            json.Raw("]");
        }
        json.Raw("]}");
        return json.ToString();
    }

    static string FromHex(string hex)
    {
        if (hex.Length % 4 != 0) throw new ArgumentException("A text must be UTF-16 code units, four hex digits each.");
        var chars = new char[hex.Length / 4];
        for (int i = 0; i < chars.Length; i++) chars[i] = (char)Convert.ToUInt16(hex.Substring(i * 4, 4), 16);
        return new string(chars);
    }

    static void Parse(Json json, int version, string text)
    {
        IList<ParseError> errors;
        var tree = ParserFor(version).Parse(new StringReader(text), out errors) as TSqlScript;
        json.Raw("{\"parser\":").Raw(version.ToString()).Raw(",\"errors\":[");
        for (int i = 0; i < errors.Count; i++)
        {
            var error = errors[i];
            if (i > 0) json.Raw(",");
            json.Raw("{\"number\":").Raw(error.Number.ToString())
                .Raw(",\"line\":").Raw(error.Line.ToString())
                .Raw(",\"column\":").Raw(error.Column.ToString())
                .Raw(",\"offset\":").Raw(error.Offset.ToString())
                .Raw(",\"message\":").String(error.Message).Raw("}");
        }
        json.Raw("],\"batches\":[");
        if (tree != null)
        {
            for (int b = 0; b < tree.Batches.Count; b++)
            {
                var batch = tree.Batches[b];
                if (b > 0) json.Raw(",");
                json.Raw("{\"offset\":").Raw(batch.StartOffset.ToString())
                    .Raw(",\"length\":").Raw(batch.FragmentLength.ToString())
                    .Raw(",\"statements\":[");
                for (int s = 0; s < batch.Statements.Count; s++)
                {
                    if (s > 0) json.Raw(",");
                    Statement(json, batch.Statements[s]);
                }
                json.Raw("]}");
            }
        }
        json.Raw("]}");
    }

    static void Statement(Json json, TSqlStatement statement)
    {
        var values = new TreeValues();
        statement.Accept(values);
        json.Raw("{\"type\":").String(statement.GetType().Name)
            .Raw(",\"offset\":").Raw(statement.StartOffset.ToString())
            .Raw(",\"length\":").Raw(statement.FragmentLength.ToString())
            .Raw(",\"statements\":").Strings(values.Statements)
            .Raw(",\"strings\":[");
        for (int i = 0; i < values.Strings.Count; i++)
        {
            if (i > 0) json.Raw(",");
            json.Raw("{\"value\":").String(values.Strings[i].Value)
                .Raw(",\"national\":").Raw(values.Strings[i].IsNational ? "true" : "false").Raw("}");
        }
        json.Raw("],\"identifiers\":[");
        for (int i = 0; i < values.Identifiers.Count; i++)
        {
            if (i > 0) json.Raw(",");
            json.Raw("{\"value\":").String(values.Identifiers[i].Value)
                .Raw(",\"quote\":").String(values.Identifiers[i].QuoteType.ToString()).Raw("}");
        }
        json.Raw("],\"variables\":").Strings(values.Variables)
            .Raw(",\"parameters\":").Strings(values.Parameters)
            .Raw(",\"declared\":[");
        for (int i = 0; i < values.Declared.Count; i++)
        {
            if (i > 0) json.Raw(",");
            json.Raw("{\"name\":").String(values.Declared[i].VariableName.Value).Raw(",\"value\":");
            Expression(json, values.Declared[i].Value);
            json.Raw("}");
        }
        json.Raw("],\"executes\":[");
        for (int i = 0; i < values.Executes.Count; i++)
        {
            if (i > 0) json.Raw(",");
            json.Raw("[");
            for (int part = 0; part < values.Executes[i].Strings.Count; part++)
            {
                if (part > 0) json.Raw(",");
                Expression(json, values.Executes[i].Strings[part]);
            }
            json.Raw("]");
        }
        json.Raw("]}");
    }

    /// <summary>
    /// An initializer, or what EXEC (...) runs, as a small tree the tests can evaluate, to see the statement a server would
    /// build from it (dynamic SQL); anything else is named as unknown, which the tests refuse.
    /// </summary>
    static void Expression(Json json, ScalarExpression expression)
    {
        if (expression == null) { json.Raw("null"); return; }
        var parenthesis = expression as ParenthesisExpression;
        if (parenthesis != null) { Expression(json, parenthesis.Expression); return; }
        var literal = expression as StringLiteral;
        if (literal != null) { json.Raw("{\"kind\":\"string\",\"value\":").String(literal.Value).Raw("}"); return; }
        var integer = expression as IntegerLiteral;
        if (integer != null) { json.Raw("{\"kind\":\"integer\",\"value\":").String(integer.Value).Raw("}"); return; }
        var variable = expression as VariableReference;
        if (variable != null) { json.Raw("{\"kind\":\"variable\",\"name\":").String(variable.Name).Raw("}"); return; }
        var binary = expression as BinaryExpression;
        if (binary != null)
        {
            json.Raw("{\"kind\":\"binary\",\"operator\":").String(binary.BinaryExpressionType.ToString()).Raw(",\"left\":");
            Expression(json, binary.FirstExpression);
            json.Raw(",\"right\":");
            Expression(json, binary.SecondExpression);
            json.Raw("}");
            return;
        }
        var call = expression as FunctionCall;
        if (call != null && call.CallTarget == null)
        {
            json.Raw("{\"kind\":\"call\",\"name\":").String(call.FunctionName.Value).Raw(",\"arguments\":[");
            for (int i = 0; i < call.Parameters.Count; i++)
            {
                if (i > 0) json.Raw(",");
                Expression(json, call.Parameters[i]);
            }
            json.Raw("]}");
            return;
        }
        var searched = expression as SearchedCaseExpression;
        if (searched != null)
        {
            json.Raw("{\"kind\":\"case\",\"when\":[");
            for (int i = 0; i < searched.WhenClauses.Count; i++)
            {
                if (i > 0) json.Raw(",");
                var comparison = searched.WhenClauses[i].WhenExpression as BooleanComparisonExpression;
                json.Raw("{\"condition\":");
                if (comparison == null) json.Raw("null");
                else
                {
                    json.Raw("{\"operator\":").String(comparison.ComparisonType.ToString()).Raw(",\"left\":");
                    Expression(json, comparison.FirstExpression);
                    json.Raw(",\"right\":");
                    Expression(json, comparison.SecondExpression);
                    json.Raw("}");
                }
                json.Raw(",\"then\":");
                Expression(json, searched.WhenClauses[i].ThenExpression);
                json.Raw("}");
            }
            json.Raw("],\"else\":");
            Expression(json, searched.ElseExpression);
            json.Raw("}");
            return;
        }
        json.Raw("{\"kind\":\"unknown\",\"type\":").String(expression.GetType().Name).Raw("}");
    }
}

/// <summary>Every statement, literal, identifier and variable in a statement's tree, in document order.</summary>
public sealed class TreeValues : TSqlFragmentVisitor
{
    public readonly List<string> Statements = new List<string>();
    public readonly List<StringLiteral> Strings = new List<StringLiteral>();
    public readonly List<Identifier> Identifiers = new List<Identifier>();
    public readonly List<string> Variables = new List<string>();
    /// <summary>The names before "=" in EXEC proc @name = value: the procedure's, not variables.</summary>
    public readonly List<string> Parameters = new List<string>();
    public readonly List<DeclareVariableElement> Declared = new List<DeclareVariableElement>();
    /// <summary>EXEC (@sql) and EXEC (N'...'): the parts of the text it runs.</summary>
    public readonly List<ExecutableStringList> Executes = new List<ExecutableStringList>();

    public override void Visit(TSqlStatement node) { Statements.Add(node.GetType().Name); }
    public override void Visit(StringLiteral node) { Strings.Add(node); }
    public override void Visit(Identifier node) { Identifiers.Add(node); }
    public override void Visit(VariableReference node) { Variables.Add(node.Name); }
    public override void Visit(ExecutableStringList node) { Executes.Add(node); }

    public override void ExplicitVisit(ExecuteParameter node)
    {
        if (node.Variable != null) Parameters.Add(node.Variable.Name);
        if (node.ParameterValue != null) node.ParameterValue.Accept(this);
    }

    public override void ExplicitVisit(DeclareVariableElement node)
    {
        Declared.Add(node);
        if (node.DataType != null) node.DataType.Accept(this);
        if (node.Value != null) node.Value.Accept(this);
    }
}

/// <summary>JSON in ASCII only: every other character is escaped, lone surrogates included, so nothing is lost on the way.</summary>
public sealed class Json
{
    readonly StringBuilder text = new StringBuilder();

    public Json Raw(string value) { text.Append(value); return this; }

    public Json String(string value)
    {
        if (value == null) return Raw("null");
        text.Append('"');
        foreach (char c in value)
        {
            if (c >= ' ' && c < 0x7f && c != '"' && c != '\\') text.Append(c);
            else text.Append("\\u").Append(((int)c).ToString("x4"));
        }
        text.Append('"');
        return this;
    }

    public Json Strings(List<string> values)
    {
        text.Append('[');
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) text.Append(',');
            String(values[i]);
        }
        text.Append(']');
        return this;
    }

    public override string ToString() { return text.ToString(); }
}
