using System.Numerics;
using CredentialHub.Bn254.Fields;

namespace CredentialHub.Bn254.Tests.Fields;

/// <summary>The scalar field Fr against BigInteger.</summary>
public class FrTests : PrimeFieldTests<Fr>
{
    protected override BigInteger Modulus => Fr.Modulus;
    protected override Fr FromBigInteger(BigInteger value) => Fr.FromBigInteger(value);
    protected override Fr Reduce(BigInteger value) => Fr.Reduce(value);
    protected override Fr FromUInt64(ulong value) => Fr.FromUInt64(value);
    protected override BigInteger ToBigInteger(Fr x) => x.ToBigInteger();
    protected override Fr Pow(Fr x, BigInteger exponent) => x.Pow(exponent);
    protected override bool TryReadBytes(ReadOnlySpan<byte> bytes, bool bigEndian, out Fr x) => Fr.TryReadBytes(bytes, bigEndian, out x);
    protected override void WriteBytes(Fr x, Span<byte> destination, bool bigEndian) => x.WriteBytes(destination, bigEndian);
    protected override bool TryReadMontgomeryBytes(ReadOnlySpan<byte> bytes, out Fr x) => Fr.TryReadMontgomeryBytes(bytes, out x);
    protected override void WriteMontgomeryBytes(Fr x, Span<byte> destination) => x.WriteMontgomeryBytes(destination);
    protected override bool TryParse(string text, out Fr x) => Fr.TryParse(text, out x);
    protected override Fr Parse(string text) => Fr.Parse(text);
}
