using System.Numerics;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// Input JSON for a circom 2 witness calculator (FORMATS.md §7, protocol step 3), read strictly: every value is
/// an integer in [0, r) written as a decimal string, a 0x-hex string or a JSON integer. circom_runtime 0.1.28
/// silently reduces values modulo p and 0.1.22 does not reduce at all, so out-of-range values are refused here
/// rather than given a meaning that depends on the runtime version. The one reader of circuit inputs: the witness
/// engine's (<see cref="Parse"/>) and the proving requests' (<see cref="Read"/>, with the circuit's declarations).
/// </summary>
internal static partial class CircuitInputs
{
    /// <summary>
    /// BN254 scalar field modulus r (the circom "bn128" prime), decimal as printed by snarkjs and EIP-197: the only
    /// field the witness engine runs (its circuits' values are 8 words wide). Kept here so this module needs no
    /// reference to the field arithmetic; a proving request's values are checked against the modulus of the circuit's
    /// proof system.
    /// </summary>
    public static readonly BigInteger FieldModulus =
        BigInteger.Parse("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    /// <inheritdoc cref="IInputValidator.MaxNesting"/>
    public const int MaxNesting = IInputValidator.MaxNesting;

    /// <inheritdoc cref="IInputValidator.MaxValues"/>
    public const int MaxValues = IInputValidator.MaxValues;

    /// <inheritdoc cref="IInputValidator.MaxValueLength"/>
    public const int MaxValueLength = IInputValidator.MaxValueLength;
}
