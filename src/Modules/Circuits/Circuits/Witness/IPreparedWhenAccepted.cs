namespace CredentialHub.Circuits.Witness;

/// <summary>
/// A calculator of this module whose compilation of the whole module is deferred until its circuit passes every check
/// (the circuit loader calls <see cref="Prepare"/> then); the JIT's work then runs in the background.
/// </summary>
internal interface IPreparedWhenAccepted
{
    void Prepare();
}
