using System.CommandLine;
using System.CommandLine.Help;
using CredentialHub.CommandFiles;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Prover;

/// <summary>
/// <c>credentialhub-prover prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]</c>:
/// the host's <c>prove</c> verb without the host. The same plugin code proves (<see cref="Groth16ProofSystem"/>, linked in
/// rather than loaded), with the same arguments, files, messages and exit codes: 0 proved, 1 the witness does not fit or
/// satisfy the circuit, 2 unusable input or usage. Compiled ahead of time, so a one-shot proof pays no runtime start-up
/// or JIT.
/// </summary>
internal static class NativeProveCommand
{
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var parse = CreateRoot().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"credentialhub-prover: {error.Message}");
            }
            stderr.WriteLine("Run 'credentialhub-prover prove --help' for the usage.");
            return ExitCodes.Unusable;
        }
        return parse.Invoke(invocation);
    }

    private static RootCommand CreateRoot() =>
        new("credentialhub-prover: CredentialHub's Groth16/BN254 prover (snarkjs-compatible) compiled ahead of time.")
        {
            ProveVerb.Create(_ => new Groth16ProofSystem()),
        };
}
