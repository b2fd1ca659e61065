namespace CredentialHub.Circuits.Witness;

/// <summary>
/// A calculator of this module whose compilation of the whole module is deferred until its circuit passes every check
/// (the circuit loader calls <see cref="Prepare"/> then); the JIT's work then runs in the background, and the task ends
/// when it is done (a prover process waits for it before it reports ready).
/// </summary>
internal interface IPreparedWhenAccepted
{
    Task Prepare();
}
