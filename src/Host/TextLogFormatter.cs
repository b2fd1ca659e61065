using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CredentialHub.Host;

/// <summary>
/// The console log for a person (LOG_FORMAT=text): one line per event, <c>time level category: message</c> (UTC time,
/// as the options' timestamp format says; none without one). Control
/// characters in a message (a newline in a client's value, an escape sequence) are written escaped, so that no value can
/// start a line of its own or repaint the terminal; an exception follows on lines of its own, indented.
/// </summary>
internal sealed class TextLogFormatter(IOptionsMonitor<ConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "credentialhub-text";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string? message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }
        var line = new StringBuilder(128);
        // No timestamp when none is configured: a prover process's lines get the host's when it relays them.
        if (options.CurrentValue.TimestampFormat is { } format)
        {
            line.Append(DateTime.UtcNow.ToString(format, System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
        }
        line.Append(Level(logEntry.LogLevel)).Append(' ').Append(logEntry.Category).Append(": ");
        AppendEscaped(line, message ?? string.Empty);
        line.Append('\n');
        if (logEntry.Exception is { } exception)
        {
            foreach (string part in exception.ToString().Split('\n'))
            {
                line.Append("    ");
                AppendEscaped(line, part.TrimEnd('\r'));
                line.Append('\n');
            }
        }
        textWriter.Write(line.ToString());
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "FAIL",
        LogLevel.Critical => "CRIT",
        _ => "none",
    };

    private static void AppendEscaped(StringBuilder line, string text)
    {
        foreach (char c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                line.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => $"\\u{(int)c:x4}",
                });
            }
            else
            {
                line.Append(c);
            }
        }
    }
}
