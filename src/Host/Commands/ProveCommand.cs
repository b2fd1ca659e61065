using System.CommandLine;
using CredentialHub.CommandFiles;

namespace CredentialHub.Host.Commands;

/// <summary>
/// prove &lt;circuit.zkey&gt; &lt;witness.wtns&gt; &lt;proof.json&gt; &lt;public.json&gt; [--r1cs &lt;circuit.r1cs&gt;] [--verify]: the verb
/// of <see cref="ProveVerb"/> (shared with the native prover) with the Groth16 prover found among the plugins.
/// </summary>
internal static class ProveCommand
{
    internal static Command Create() =>
        ProveVerb.Create(stderr => CommandLine.FindGroth16Prover(CommandLine.LoadPlugins(stderr), stderr));
}
