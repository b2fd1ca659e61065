using BenchmarkDotNet.Attributes;
using CredentialHub.Bn254.BabyJubJub;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Hashing;

namespace CredentialHub.Benchmarks;

/// <summary>
/// The costs of issuing and checking a credential: Poseidon of 16 attributes (width 17, the widest
/// circomlib instance), an EdDSA-Poseidon signature, and its verification (one Base8 table multiplication,
/// one variable-base multiplication, Poseidon of 5).
/// </summary>
[MemoryDiagnoser]
public class CredentialBenchmarks
{
    private readonly Fr[] _attributes = new Fr[16];
    private readonly byte[] _privateKey = new byte[EdDsaPoseidon.PrivateKeySize];
    private Fr _message;
    private EdDsaPublicKey _publicKey;
    private EdDsaSignature _signature;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < _attributes.Length; i++)
        {
            _attributes[i] = Fr.Reduce(System.Numerics.BigInteger.Pow(7, 90 + i));
        }
        for (int i = 0; i < _privateKey.Length; i++)
        {
            _privateKey[i] = (byte)(31 * i + 5);
        }
        _message = Poseidon.Hash(_attributes);
        _publicKey = EdDsaPoseidon.DerivePublicKey(_privateKey);
        _signature = EdDsaPoseidon.Sign(_privateKey, _message);
    }

    [Benchmark]
    public Fr Poseidon16() => Poseidon.Hash(_attributes);

    [Benchmark]
    public EdDsaSignature EdDsaSign() => EdDsaPoseidon.Sign(_privateKey, _message);

    [Benchmark]
    public bool EdDsaVerify() => EdDsaPoseidon.Verify(_message, _signature, _publicKey);
}
