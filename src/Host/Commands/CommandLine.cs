using System.CommandLine;
using System.Text;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using CredentialHub.CommandFiles;
using CredentialHub.Host.Plugins;
using CredentialHub.ProofSystems.Contracts;
using CredentialHub.Settings;

namespace CredentialHub.Host.Commands;

/// <summary>
/// The command-line verbs of the host binary, parsed by System.CommandLine: each verb a <see cref="Command"/> made by
/// its XCommand.Create, with its arguments, options, help and action. Each reaches the proof backends through the same
/// plugin catalog and contract as the HTTP API. Standard output carries the command's data alone; what was done and
/// what went wrong go to standard error. Exit codes: 0 success, 1 a negative answer (e.g. an invalid proof), 2
/// unusable input or usage (System.CommandLine's own parse errors would exit 1: they are reported here, exit 2).
/// </summary>
internal static class CommandLine
{
    internal const int Success = ExitCodes.Success;
    internal const int Negative = ExitCodes.Negative;
    internal const int Unusable = ExitCodes.Unusable;

    /// <summary>The name help shows (the apphost's; <c>dotnet CredentialHub.Host.dll</c> runs the same).</summary>
    internal const string Executable = "CredentialHub.Host";

    /// <summary>Options that mean the command line, not the web host, even when they come first.</summary>
    private static readonly string[] HelpOrVersion = ["--help", "-h", "-?", "--version"];

    /// <summary>
    /// True when the arguments are for the command line: a verb first, or help or version asked for. Anything else
    /// (nothing, or options such as --urls) is for the web host, which serves the HTTP API.
    /// </summary>
    internal static bool IsCommand(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args.Any(HelpOrVersion.Contains));

    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        if (args[0].StartsWith('-'))
        {
            // Web-host options with --help or --version: help or version alone (the options are not the command line's).
            args = [args.First(HelpOrVersion.Contains)];
        }
        return Invoke(Parse(args), stdout, stderr);
    }

    /// <summary>
    /// Runs what the command line asks for: help (on standard output, exit 0), the parse errors (on standard error,
    /// exit 2), or the verb's action.
    /// </summary>
    internal static int Invoke(ParseResult parse, TextWriter stdout, TextWriter stderr)
    {
        if (parse.Action is HelpAction)
        {
            stdout.Write(Help(parse));
            return Success;
        }
        if (parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true })
        {
            ReportErrors(parse, stderr);
            return Unusable;
        }
        return parse.Invoke(Invocation(stdout, stderr));
    }

    private static InvocationConfiguration Invocation(TextWriter stdout, TextWriter stderr) => new()
    {
        Output = stdout,
        Error = stderr,
        // An exception no verb expects stays an exception (a crash with its stack), not exit code 1, a negative answer.
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = null,
    };

    internal static RootCommand CreateRoot()
    {
        var root = new RootCommand("""
            CredentialHub: zero-knowledge proofs (Groth16/BN254, snarkjs-compatible) as an HTTP service and as commands.
            Without a command it serves the HTTP API; web-host options such as --urls http://127.0.0.1:8080 apply then.
            Relative paths are relative to the working directory. Standard output carries a command's data alone;
            what it did and what went wrong go to standard error.
            Exit codes: 0 success, 1 a negative answer (an invalid proof, a witness that fails the circuit, no such key),
            2 unusable input or usage (an unknown command, a missing or extra argument, a bad option, a missing file).
            """)
        {
            VerifyCommand.Create(),
            ProveCommand.Create(),
            SetupCommand.Create(),
            PtauCommand.Create(),
            ExportVerificationKeyCommand.Create(),
            ZkeyCommand.Create(),
            WitnessCommand.Create(),
            FullProveCommand.Create(),
            PluginManifestCommand.Create(),
            KeysCommand.Create(),
            HelpCommand(),
        };
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            // The same width on a terminal and in a pipe (help is often read through less or pasted into an issue).
            help.Action = new HelpAction { MaxWidth = 120 };
        }
        return root;
    }

    /// <summary>
    /// System.CommandLine's help for a parse that asked for it, its usage section moved first (so that help starts
    /// with "Usage:"), then the description, arguments, options and commands.
    /// </summary>
    private static string Help(ParseResult parse)
    {
        var text = new StringWriter();
        parse.Invoke(Invocation(text, text));
        var sections = text.ToString().ReplaceLineEndings("\n").Trim('\n').Split("\n\n").ToList();
        int usage = sections.FindIndex(section => section.StartsWith("Usage:", StringComparison.Ordinal));
        if (usage > 0)
        {
            string section = sections[usage];
            sections.RemoveAt(usage);
            sections.Insert(0, section);
        }
        return string.Join("\n\n", sections).Split('\n').Select(line => line.TrimEnd()).Aggregate(new StringBuilder(), (help, line) => help.AppendLine(line)).ToString();
    }

    /// <summary>The help of the command named by <paramref name="path"/> (verbs after the binary's name).</summary>
    internal static string Help(IReadOnlyList<string> path) => Help(Parse([.. path, "--help"]));

    /// <summary>
    /// Parses a command line. Arguments are taken as they are: no response files (a path may start with '@').
    /// </summary>
    internal static ParseResult Parse(IReadOnlyList<string> args) =>
        CreateRoot().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    /// <summary><c>help [command…]</c>: the same as <c>[command…] --help</c>.</summary>
    private static Command HelpCommand()
    {
        var names = new Argument<string[]>("command") { Description = "the command to describe (none: all of them)", Arity = ArgumentArity.ZeroOrMore };
        var command = new Command("help", "Show this help, or a command's: help <command> is <command> --help.") { names };
        command.SetAction(parse =>
        {
            string[] path = parse.GetValue(names) ?? [];
            Command described = CreateRoot();
            foreach (string name in path)
            {
                if (described.Subcommands.FirstOrDefault(c => c.Name == name && !c.Hidden) is not { } sub)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"help: unknown command '{string.Join(' ', path)}' (commands: {string.Join(", ", described.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))})");
                    WriteUsage(["help"], parse.InvocationConfiguration.Error);
                    return Unusable;
                }
                described = sub;
            }
            parse.InvocationConfiguration.Output.Write(Help(path));
            return Success;
        });
        return command;
    }

    /// <summary>
    /// Parse errors on standard error, each after the command it concerns, then that command's usage line and where
    /// its help is. An unknown verb is named as such.
    /// </summary>
    private static void ReportErrors(ParseResult parse, TextWriter stderr)
    {
        var command = parse.CommandResult.Command;
        string path = string.Join(' ', CommandPath(parse.CommandResult).Select(c => c.Name).Skip(1));
        string commands = string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name));
        if (command.Action is null && command.Subcommands.Count > 0 && parse.UnmatchedTokens.Count > 0)
        {
            stderr.WriteLine($"{(path.Length > 0 ? path + ": " : "")}unknown command '{parse.UnmatchedTokens[0]}' (commands: {commands})");
        }
        else if (command.Action is null && command.Subcommands.Count > 0)
        {
            stderr.WriteLine($"{path}: a command is needed: {commands}");
        }
        else
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"{(path.Length > 0 ? path : Executable)}: {error.Message}");
            }
        }
        WriteUsage(CommandPath(parse.CommandResult).Skip(1).Select(c => c.Name).ToList(), stderr);
    }

    /// <summary>The usage section of a command's help, and how to see the rest.</summary>
    private static void WriteUsage(IReadOnlyList<string> path, TextWriter writer)
    {
        writer.Write(Help(path).Split(Environment.NewLine + Environment.NewLine)[0] + Environment.NewLine);
        writer.WriteLine($"Run '{string.Join(' ', [Executable, .. path, "--help"])}' for more.");
    }

    private static IEnumerable<Command> CommandPath(CommandResult? result)
    {
        var path = new Stack<Command>();
        for (; result is not null; result = result.Parent as CommandResult)
        {
            path.Push(result.Command);
        }
        return path;
    }

    /// <summary>The plugin that makes Groth16 proofs; null, said on standard error, when none is loaded.</summary>
    internal static IProver? FindGroth16Prover(ProofSystemCatalog catalog, TextWriter stderr)
    {
        if (catalog.FindProver("groth16") is { } prover)
        {
            return prover;
        }
        stderr.WriteLine($"no proof-system plugin can make groth16 proofs (plugins directory: {catalog.Directory})");
        return null;
    }

    /// <summary>The plugins the verbs that prove or verify use, from PLUGINS_DIR (or plugins/ beside the binary); a plugin skipped is said on standard error.</summary>
    internal static ProofSystemCatalog LoadPlugins(TextWriter stderr)
    {
        var catalog = ProofSystemCatalog.Load(SettingsBinding.Peek<HostSettings>(Configuration()).PluginsPath);
        foreach (var failed in catalog.Plugins.Where(s => !s.Loaded))
        {
            stderr.WriteLine($"warning: plugin '{failed.Folder}' skipped: {failed.Error}");
        }
        return catalog;
    }

    /// <summary>
    /// The settings a command reads, from the service's sources in the service's order: appsettings.json and
    /// appsettings.{environment}.json in the working directory, then environment variables, which win.
    /// </summary>
    internal static IConfiguration Configuration()
    {
        string environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
            : Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
            : Environments.Production;
        return new ConfigurationBuilder()
            .SetBasePath(Directory.GetCurrentDirectory())
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
    }
}
