using System.Numerics;
using CredentialHub.Circuits.Contracts;

namespace CredentialHub.Circuits.Inputs;

/// <summary>
/// What a reading of inputs checks besides the witness calculator's rules.
/// </summary>
/// <param name="CircuitId">The circuit, for messages.</param>
/// <param name="Declared">The input signals the circuit's configuration declares; empty: the calculator's rules alone.</param>
/// <param name="Modulus">The modulus every value must lie below; null: not checked here (the calculator checks its own prime).</param>
/// <param name="Request">The document is a proving request's <c>inputs</c> member: a document that is not an object, and
/// problems against the declarations, are named by JSON path (<c>inputs.assets[3]</c>) and refused before any work.</param>
internal sealed record InputRules(string CircuitId, IReadOnlyList<CircuitInput> Declared, BigInteger? Modulus, bool Request)
{
    /// <summary>The witness engine's rules: an input file for a calculator of the field <paramref name="modulus"/>.</summary>
    public static InputRules Engine(BigInteger modulus) => new("", [], modulus, Request: false);

    /// <summary>The longest decimal a declared value may be written with: as many digits as the modulus has, plus one.</summary>
    public int MaxDecimalDigits => Modulus is { } m ? m.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1 : CircuitInputs.MaxValueLength;

    /// <summary>The most hex digits a declared value may be written with: the modulus's width in bytes, two digits each.</summary>
    public int MaxHexDigits => Modulus is { } m ? 2 * (int)((m.GetBitLength() + 7) / 8) : CircuitInputs.MaxValueLength - 2;
}
