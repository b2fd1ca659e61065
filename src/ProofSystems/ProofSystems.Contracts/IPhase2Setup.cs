namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// Keys from a powers-of-tau ceremony, offered by a proof system whose keys come from one (the Groth16 backend does,
/// with snarkjs's .ptau and .zkey files): reading and checking a ceremony file, and making a circuit's initial phase-2
/// key from it exactly as <c>snarkjs groth16 setup</c> does. The host finds it among the loaded proof systems
/// (<c>OfType&lt;IPhase2Setup&gt;</c>); a plugin without it offers no ceremony keys.
/// </summary>
public interface IPhase2Setup
{
    /// <summary>
    /// Reads a powers-of-tau file from <paramref name="ptau"/>'s position to its end and checks its structure (header,
    /// section lengths against the declared power, every point canonical and on its curve, the contribution records)
    /// and hashes it (BLAKE2b-512 of the whole file). Throws <see cref="ArtifactFormatException"/> naming the file, the
    /// section and the check that failed, and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    PowersOfTauInfo InspectPowersOfTau(Stream ptau, string name, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the initial (no contribution) proving key of the circuit <paramref name="r1cs"/> from the phase-2-prepared
    /// powers of tau <paramref name="ptau"/>, byte for byte what <c>snarkjs groth16 setup</c> writes, and returns it
    /// described (its circuit hash). Throws <see cref="ArtifactFormatException"/> for an unusable file, a ptau that is
    /// not prepared for phase 2 or too small for the circuit (naming the power needed), and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    InitialKeyInfo CreateInitialKey(Stream r1cs, string r1csName, Stream ptau, string ptauName, Stream zkey, CancellationToken cancellationToken);

    /// <summary>
    /// What <c>snarkjs zkey verify</c> does: rebuilds the initial key of <paramref name="r1cs"/> from
    /// <paramref name="ptau"/>, checks every contribution of <paramref name="zkey"/> (its transcript hash, its proof of
    /// knowledge, that δ follows it, a beacon's key from its hash), then the key against the initial one (the header, the
    /// sections phase 2 leaves alone byte for byte, the C and H sections by random linear combinations and pairings).
    /// A key that fails a check is described with that check (<see cref="KeyVerification.Failure"/>); files that cannot
    /// be read at all throw <see cref="ArtifactFormatException"/> naming the file and the problem, and a ptau too small
    /// for the circuit or not prepared for phase 2 likewise.
    /// </summary>
    KeyVerification VerifyKey(Stream r1cs, string r1csName, Stream ptau, string ptauName, Stream zkey, string zkeyName, CancellationToken cancellationToken);
}
