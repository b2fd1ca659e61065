using System.Numerics;
using System.Security.Cryptography;

namespace CredentialHub.Security.Nonces;

/// <summary>
/// Nonce values: the decimal string of an integer drawn uniformly from [1, 2^248), so below the BN254 scalar field's
/// order (about 2^253.6) and usable as a circuit input.
/// </summary>
internal static class NonceValues
{
    /// <summary>2^248 has 75 decimal digits: no nonce has more.</summary>
    public const int MaxDigits = 75;

    /// <summary>The exclusive upper bound, 2^248.</summary>
    public static readonly BigInteger Bound = BigInteger.One << 248;

    public static string NewValue()
    {
        Span<byte> bytes = stackalloc byte[31];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (!value.IsZero)
            {
                return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="text"/> could be a nonce (1 to <see cref="MaxDigits"/> ASCII digits, no leading zero);
    /// anything else is answered <c>Unknown</c> without a lookup.
    /// </summary>
    public static bool IsWellFormed(string? text) =>
        text is { Length: > 0 and <= MaxDigits } && text[0] != '0' && text.All(char.IsAsciiDigit);
}
