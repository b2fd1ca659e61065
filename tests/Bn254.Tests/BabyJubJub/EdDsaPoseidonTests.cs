using System.Numerics;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.BabyJubJub;

/// <summary>EdDSA-Poseidon byte for byte against circomlibjs's prv2pub/signPoseidon/verifyPoseidon, and its refusals.</summary>
public class EdDsaPoseidonTests
{
    private const int Runs = 10;
    private static readonly BigInteger L = BabyJubJubCurve.SubgroupOrder;

    private static readonly Arbitrary<byte[]> PrivateKeys = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 32).ToArbitrary();

    [Fact]
    public void MatchesCircomlibjs()
    {
        int count = 0;
        foreach (var v in CredentialVectors.Root.GetProperty("eddsaPoseidon").EnumerateArray())
        {
            byte[] privateKey = CredentialVectors.Hex(v.GetProperty("privateKey"));
            Fr message = CredentialVectors.Field(v.GetProperty("message"));
            EdDsaPublicKey key = EdDsaPoseidon.DerivePublicKey(privateKey);
            Assert.Equal(CredentialVectors.Point(v.GetProperty("publicKey")), key.Point);
            Assert.Equal(CredentialVectors.Hex(v.GetProperty("packedPublicKey")), key.Pack());

            EdDsaSignature signature = EdDsaPoseidon.Sign(privateKey, message);
            Assert.Equal(CredentialVectors.Point(v.GetProperty("r8")), signature.R8);
            Assert.Equal(CredentialVectors.Integer(v.GetProperty("s")), signature.S);
            byte[] packed = CredentialVectors.Hex(v.GetProperty("packedSignature"));
            Assert.Equal(packed, signature.Pack());

            Assert.True(EdDsaSignature.TryUnpack(packed, out var unpacked));
            Assert.Equal(signature, unpacked);
            Assert.True(EdDsaPublicKey.TryUnpack(key.Pack(), out var unpackedKey));
            Assert.Equal(v.GetProperty("valid").GetBoolean(), EdDsaPoseidon.Verify(message, unpacked, unpackedKey));
            Assert.True(key.IsInSubgroup);
            count++;
        }
        Assert.True(count >= 15);
    }

    [Fact]
    public void VerificationAgreesWithCircomlibjsOnRefusals()
    {
        var labels = new List<string>();
        foreach (var v in CredentialVectors.Root.GetProperty("eddsaPoseidonVerifications").EnumerateArray())
        {
            var signature = new EdDsaSignature(CredentialVectors.Point(v.GetProperty("r8")), CredentialVectors.Integer(v.GetProperty("s")));
            var key = new EdDsaPublicKey(CredentialVectors.Point(v.GetProperty("publicKey")));
            bool expected = v.GetProperty("valid").GetBoolean();
            Assert.True(expected == EdDsaPoseidon.Verify(CredentialVectors.Field(v.GetProperty("message")), signature, key), v.GetProperty("label").GetString());
            labels.Add(v.GetProperty("label").GetString()!);
        }
        Assert.Contains("S + l", labels);
    }

    [Property(MaxTest = Runs)]
    public Property SignaturesVerifyAndChangesFail() =>
        Prop.ForAll(PrivateKeys, Arbitraries.Fr, (privateKey, message) =>
        {
            EdDsaPublicKey key = EdDsaPoseidon.DerivePublicKey(privateKey);
            EdDsaSignature signature = EdDsaPoseidon.Sign(privateKey, message);
            Assert.True(EdDsaPoseidon.Verify(message, signature, key));

            Assert.False(EdDsaPoseidon.Verify(message + Fr.One, signature, key));

            byte[] otherPrivateKey = (byte[])privateKey.Clone();
            otherPrivateKey[0] ^= 0x01;
            Assert.False(EdDsaPoseidon.Verify(message, signature, EdDsaPoseidon.DerivePublicKey(otherPrivateKey)));

            var shiftedR8 = new EdDsaSignature((signature.R8.ToExtended() + BabyJubJubPoint.Base8).ToAffine(), signature.S);
            Assert.False(EdDsaPoseidon.Verify(message, shiftedR8, key));

            var otherS = new EdDsaSignature(signature.R8, (signature.S + 1) % L);
            Assert.False(EdDsaPoseidon.Verify(message, otherS, key));
        });

    [Fact]
    public void RefusesSAtOrAboveL()
    {
        byte[] privateKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        Fr message = Fr.FromUInt64(42);
        EdDsaPublicKey key = EdDsaPoseidon.DerivePublicKey(privateKey);
        EdDsaSignature signature = EdDsaPoseidon.Sign(privateKey, message);

        // S + l satisfies the verification equation, because Base8 has order l: only the range check refuses it.
        var malleated = new EdDsaSignature(signature.R8, signature.S + L);
        Assert.Equal(BabyJubJubPoint.MultiplyBase8(signature.S), BabyJubJubPoint.MultiplyBase8(malleated.S));
        Assert.False(EdDsaPoseidon.Verify(message, malleated, key));

        byte[] packed = malleated.Pack();
        Assert.False(EdDsaSignature.TryUnpack(packed, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EdDsaSignature(signature.R8, -BigInteger.One));
    }

    [Fact]
    public void RefusesPointsOffTheCurve()
    {
        byte[] privateKey = new byte[32];
        Fr message = Fr.One;
        EdDsaPublicKey key = EdDsaPoseidon.DerivePublicKey(privateKey);
        EdDsaSignature signature = EdDsaPoseidon.Sign(privateKey, message);
        var offCurve = new BabyJubJubAffine(signature.R8.X, signature.R8.Y + Fr.One);

        Assert.False(EdDsaPoseidon.Verify(message, new EdDsaSignature(offCurve, signature.S), key));
        Assert.False(EdDsaPoseidon.Verify(message, signature, new EdDsaPublicKey(new BabyJubJubAffine(key.Point.X, key.Point.Y + Fr.One))));
        Assert.False(EdDsaSignature.TryUnpack(new byte[63], out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(64)]
    public void RefusesPrivateKeysOfTheWrongLength(int length)
    {
        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => EdDsaPoseidon.DerivePublicKey(new byte[length])).ParamName);
        Assert.Equal("privateKey", Assert.Throws<ArgumentException>(() => EdDsaPoseidon.Sign(new byte[length], Fr.One)).ParamName);
    }
}
