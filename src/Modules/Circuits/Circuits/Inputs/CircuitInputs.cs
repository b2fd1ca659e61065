using System.Numerics;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// Input JSON for a circom 2 witness calculator (FORMATS.md §7, protocol step 3), read strictly: every value is
/// an integer in [0, r) written as a decimal string, a 0x-hex string or a JSON integer. circom_runtime 0.1.28
/// silently reduces values modulo p and 0.1.22 does not reduce at all, so out-of-range values are refused here
/// rather than given a meaning that depends on the runtime version.
/// </summary>
internal static partial class CircuitInputs
{
    /// <summary>
    /// BN254 scalar field modulus r (the circom "bn128" prime), decimal as printed by snarkjs and EIP-197.
    /// Kept here so this module needs no reference to the field arithmetic.
    /// </summary>
    public static readonly BigInteger FieldModulus =
        BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /// <summary>Deepest array nesting accepted; circuits declare far fewer dimensions.</summary>
    public const int MaxNesting = 16;

    /// <summary>Most values accepted across all signals of one document.</summary>
    public const int MaxValues = 1_000_000;

    /// <summary>Longest string or number token accepted: r has 77 digits, 0x plus 64 hex digits is 66.</summary>
    public const int MaxValueLength = 80;
}
