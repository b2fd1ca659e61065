namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// Phase-2 contributions to a proving key, offered by a proof system whose keys come from a multi-party ceremony (the
/// Groth16 backend: snarkjs's <c>zkey contribute</c> and <c>zkey beacon</c>). A contribution reads a key, draws a new
/// secret, writes the key with that secret applied and its record (the proof of knowledge of the secret) appended to
/// the key's transcript; the secret is forgotten. The host reaches it from the command line with
/// <c>proofSystem is IKeyContributions</c>.
/// </summary>
public interface IKeyContributions
{
    /// <summary>
    /// Adds a contribution whose secret is drawn from fresh operating-system randomness mixed with
    /// <paramref name="entropy"/> (which the caller clears afterwards). Reads <paramref name="input"/> from its position,
    /// writes the new key to <paramref name="output"/> and returns the contribution's record. Throws
    /// <see cref="ArtifactFormatException"/> naming the file, section and problem for a key that cannot be used, and
    /// <see cref="ArgumentException"/> for a name longer than <see cref="ContributionRecord.MaxNameLength"/> characters.
    /// </summary>
    ContributionRecord Contribute(Stream input, string inputName, Stream output, string? name, ReadOnlySpan<byte> entropy, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the deterministic beacon contribution: its secret comes from <paramref name="beaconHash"/> hashed
    /// 2^<paramref name="iterationsExponent"/> times, so anyone can redo it and get the same key. Throws as
    /// <see cref="Contribute"/> does, and <see cref="ArgumentException"/> for a beacon hash that is empty or longer than
    /// <see cref="ContributionRecord.MaxBeaconHashBytes"/> bytes, or an exponent outside
    /// [<see cref="ContributionRecord.MinIterationsExponent"/>, <see cref="ContributionRecord.MaxIterationsExponent"/>].
    /// </summary>
    ContributionRecord Beacon(Stream input, string inputName, Stream output, string? name, ReadOnlySpan<byte> beaconHash, int iterationsExponent, CancellationToken cancellationToken);

    /// <summary>The contributions a key records, in order. Throws <see cref="ArtifactFormatException"/> for a key that cannot be read.</summary>
    IReadOnlyList<ContributionRecord> ReadContributions(Stream zkey, string name);
}
