using System.Text;

namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// One contribution a proving key records, as snarkjs lists it: its name (none when it was given none), its kind, its
/// hash (BLAKE2b-512 of its public key, 128 lowercase hex digits), the hash of the circuit the key belongs to, and for
/// a beacon the beacon hash (lowercase hex) and the iterations exponent.
/// </summary>
public sealed record ContributionRecord(
    string? Name, ContributionKind Kind, string Hash, string CircuitHash, string? BeaconHash = null, int? IterationsExponent = null)
{
    /// <summary>The most characters (UTF-16 units) of a name the key format keeps: snarkjs writes the first 64.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The longest beacon hash in bytes: its length is stored in one byte (snarkjs refuses 256 or more).</summary>
    public const int MaxBeaconHashBytes = 255;

    /// <summary>The fewest iterations snarkjs's beacon accepts: 2^10.</summary>
    public const int MinIterationsExponent = 10;

    /// <summary>The most iterations snarkjs's beacon accepts: 2^63.</summary>
    public const int MaxIterationsExponent = 63;

    /// <summary>
    /// A 64-byte hash (given as 128 hex digits) as snarkjs prints it (misc.js formatHash): the title on its own line,
    /// then four lines of two tabs and four groups of eight hex digits.
    /// </summary>
    public static string FormatHash(string hex, string title)
    {
        if (hex.Length != 128)
        {
            throw new ArgumentException($"a 64-byte hash is 128 hex digits, not {hex.Length}", nameof(hex));
        }
        var text = new StringBuilder(title).Append('\n');
        for (int line = 0; line < 4; line++)
        {
            text.Append(line > 0 ? "\n\t\t" : "\t\t");
            for (int group = 0; group < 4; group++)
            {
                text.Append(group > 0 ? " " : "").Append(hex, line * 32 + group * 8, 8);
            }
        }
        return text.ToString();
    }
}
