using System.Numerics;

namespace CredentialHub.ProofSystems.Contracts;

/// <summary>
/// A circuit's witness as field elements: the value of every wire (the constant 1 first, then outputs, public
/// inputs, private inputs and internal signals, in r1cs order), each below <see cref="Modulus"/> and stored as a
/// little-endian unsigned integer of <see cref="ElementSize"/> bytes, the layout of a .wtns file's values section.
/// Handed from the witness calculator to the prover as it is, without a file in between. The values are private:
/// the holder calls <see cref="Clear"/> once the proof is made.
/// </summary>
public sealed class Witness
{
    private readonly byte[] _values;

    /// <param name="name">What the witness is called in messages (a file name, or "witness").</param>
    /// <param name="modulus">The field's modulus.</param>
    /// <param name="elementSize">The bytes of each value.</param>
    /// <param name="values">The values, <paramref name="elementSize"/> little-endian bytes each; the witness owns the array.</param>
    public Witness(string name, BigInteger modulus, int elementSize, byte[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(elementSize);
        if (values.Length % elementSize != 0)
        {
            throw new ArgumentException($"{values.Length} bytes is not a whole number of {elementSize}-byte values", nameof(values));
        }
        Name = name;
        Modulus = modulus;
        ElementSize = elementSize;
        _values = values;
    }

    /// <summary>What the witness is called in messages.</summary>
    public string Name { get; }

    /// <summary>The modulus of the field the values are in.</summary>
    public BigInteger Modulus { get; }

    /// <summary>The bytes of each value.</summary>
    public int ElementSize { get; }

    /// <summary>The number of values.</summary>
    public int Length => _values.Length / ElementSize;

    /// <summary>Every value, <see cref="ElementSize"/> little-endian bytes each.</summary>
    public ReadOnlySpan<byte> Values => _values;

    /// <summary>Value <paramref name="index"/>'s little-endian bytes.</summary>
    public ReadOnlySpan<byte> this[int index] => _values.AsSpan(index * ElementSize, ElementSize);

    /// <summary>Overwrites the values with zeros.</summary>
    public void Clear() => Array.Clear(_values);
}
