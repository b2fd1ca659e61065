using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;
using CredentialHub.Bn254.Tests.Support;

namespace CredentialHub.Bn254.Tests.Hashing;

/// <summary>
/// Poseidon against circomlibjs (every arity 1…16, edge inputs 0, 1, r − 1), its Grain-derived constants
/// against circomlibjs's poseidon_constants.json (a SHA-256 per width), and the Montgomery permutation
/// against a BigInteger twin written from the specification.
/// </summary>
public class PoseidonTests
{
    private static readonly BigInteger R = Fr.Modulus;

    [Fact]
    public void MatchesCircomlibjsForEveryArity()
    {
        var arities = new HashSet<int>();
        foreach (var vector in CredentialVectors.Poseidon.GetProperty("hashes").EnumerateArray())
        {
            Fr[] inputs = vector.GetProperty("inputs").EnumerateArray().Select(CredentialVectors.Field).ToArray();
            Assert.Equal(vector.GetProperty("hash").GetString(), Poseidon.Hash(inputs).ToString());
            arities.Add(inputs.Length);
        }
        Assert.Equal(Enumerable.Range(1, 16), arities.Order());
    }

    [Fact]
    public void GrainConstantsMatchCircomlibjs()
    {
        foreach (var vector in CredentialVectors.Poseidon.GetProperty("constants").EnumerateArray())
        {
            int t = vector.GetProperty("t").GetInt32();
            var parameters = PoseidonParameters.ForWidth(t);
            Assert.Equal(vector.GetProperty("roundConstantCount").GetInt32(), parameters.RoundConstants.Length);
            Assert.Equal(vector.GetProperty("firstRoundConstant").GetString(), parameters.RoundConstants[0].ToString());
            Assert.Equal(vector.GetProperty("lastRoundConstant").GetString(), parameters.RoundConstants[^1].ToString());
            Assert.Equal(vector.GetProperty("mds00").GetString(), parameters.Mds[0].ToString());

            var rows = Enumerable.Range(0, t).Select(i => string.Join(",", parameters.Mds.Skip(i * t).Take(t)));
            string text = string.Join(",", parameters.RoundConstants) + ";" + string.Join(";", rows);
            Assert.Equal(vector.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text))));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(17)]
    [InlineData(32)]
    public void RefusesAnUnsupportedArity(int arity)
    {
        var e = Assert.Throws<ArgumentException>(() => Poseidon.Hash(new Fr[arity]));
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains(arity.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Property(MaxTest = 20)]
    public Property MatchesTheBigIntegerTwin()
    {
        var inputs = Gen.Choose(1, Poseidon.MaxInputs)
            .SelectMany(n => Gen.ArrayOf(FieldGenerators.Canonical(R), n))
            .ToArbitrary();
        return Prop.ForAll(inputs, values =>
            Assert.Equal(Reference(values), Poseidon.Hash(values.Select(Fr.FromBigInteger).ToArray()).ToBigInteger()));
    }

    [Fact]
    public void IsSensitiveToEveryInputAndToArity()
    {
        Fr[] inputs = Enumerable.Range(1, 16).Select(i => Fr.FromUInt64((ulong)i)).ToArray();
        Fr hash = Poseidon.Hash(inputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            Fr[] changed = (Fr[])inputs.Clone();
            changed[i] += Fr.One;
            Assert.NotEqual(hash, Poseidon.Hash(changed));
        }
        Assert.NotEqual(Poseidon.Hash(Fr.One), Poseidon.Hash(Fr.One, Fr.Zero));
    }

    /// <summary>The permutation as circomlibjs's poseidon_reference.js writes it, over BigInteger.</summary>
    private static BigInteger Reference(BigInteger[] inputs)
    {
        int t = inputs.Length + 1;
        var parameters = PoseidonParameters.ForWidth(t);
        BigInteger[] c = parameters.RoundConstants.Select(x => x.ToBigInteger()).ToArray();
        BigInteger[] m = parameters.Mds.Select(x => x.ToBigInteger()).ToArray();
        BigInteger[] state = [BigInteger.Zero, .. inputs];
        int rounds = PoseidonParameters.FullRounds + parameters.PartialRounds;
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < t; i++)
            {
                state[i] = (state[i] + c[round * t + i]) % R;
            }
            bool full = round < PoseidonParameters.FullRounds / 2 || round >= PoseidonParameters.FullRounds / 2 + parameters.PartialRounds;
            for (int i = 0; i < (full ? t : 1); i++)
            {
                state[i] = BigInteger.ModPow(state[i], 5, R);
            }
            state = Enumerable.Range(0, t)
                .Select(i => Enumerable.Range(0, t).Aggregate(BigInteger.Zero, (acc, j) => (acc + m[i * t + j] * state[j]) % R))
                .ToArray();
        }
        return state[0];
    }
}
