using System.Numerics;
using CredentialHub.Circuits.Inputs;

namespace CredentialHub.Circuits.Tests.Inputs;

public class SignalHashTests
{
    /// <summary>
    /// FNV-1a 64 vectors from the FNV reference test suite (Landon Curt Noll, test_fnv.c, fnv1a_64_vector);
    /// "a" is also the value FORMATS.md §7 verified against a circom 2.2.3 wasm.
    /// </summary>
    [Theory]
    [InlineData("", 0xcbf29ce484222325)]
    [InlineData("a", 0xaf63dc4c8601ec8c)]
    [InlineData("foobar", 0x85944171f73967e8)]
    public void MatchesReferenceVectors(string name, ulong expected) => Assert.Equal(expected, SignalHash.Of(name));

    [Fact]
    public void SplitsIntoWrappingI32Halves()
    {
        Assert.Equal((unchecked((int)0xaf63dc4cu), unchecked((int)0x8601ec8cu)), SignalHash.SplitOf("a"));
        Assert.Equal((1, 2), SignalHash.Split(0x0000000100000002));
        Assert.Equal((-1, int.MinValue), SignalHash.Split(0xffffffff80000000));
    }

    /// <summary>Signal names as circuits spell them, including bus-qualified names (FORMATS.md §7).</summary>
    [Theory]
    [InlineData("a")]
    [InlineData("in")]
    [InlineData("nullifierHash")]
    [InlineData("pathElements")]
    [InlineData("in.x")]
    [InlineData("in[0].y")]
    [InlineData("_private_Input_42")]
    public void AgreesWithCircomRuntimeForAscii(string name)
    {
        Assert.Equal(CircomRuntimeHash(name), SignalHash.Of(name));
        Assert.Equal(CircomRuntimeHalves(name), SignalHash.SplitOf(name));
    }

    /// <summary>circom hashes UTF-8 bytes, the JS glue UTF-16 units: they part ways outside ASCII.</summary>
    [Fact]
    public void DiffersFromCircomRuntimeOutsideAscii()
    {
        Assert.Equal(SignalHash.Of([0xc3, 0xa9]), SignalHash.Of("é"));
        Assert.NotEqual(CircomRuntimeHash("é"), SignalHash.Of("é"));
    }

    /// <summary>
    /// circom_runtime js/witness_calculator.js <c>fnvHash</c>: BigInt arithmetic over <c>charCodeAt</c>,
    /// reduced modulo 2^64 after each step, then printed as 16 hex digits.
    /// </summary>
    private static ulong CircomRuntimeHash(string str)
    {
        var uint64Max = BigInteger.One << 64;
        var hash = BigInteger.Parse("0CBF29CE484222325", System.Globalization.NumberStyles.AllowHexSpecifier);
        foreach (var unit in str)
        {
            hash ^= unit;
            hash *= 0x100000001B3;
            hash %= uint64Max;
        }

        return (ulong)hash;
    }

    /// <summary>
    /// The JS passes <c>parseInt(h.slice(0, 8), 16)</c> and <c>parseInt(h.slice(8, 16), 16)</c>, unsigned numbers
    /// that WebAssembly's ToInt32 reduces modulo 2^32 into the signed range.
    /// </summary>
    private static (int, int) CircomRuntimeHalves(string str)
    {
        var h = CircomRuntimeHash(str).ToString("x16");
        static int ToInt32(long n) => (int)(n >= 1L << 31 ? n - (1L << 32) : n);
        return (ToInt32(Convert.ToInt64(h[..8], 16)), ToInt32(Convert.ToInt64(h[8..], 16)));
    }
}
