using System.Buffers;
using System.Security.Cryptography;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Polynomials;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Proving;

/// <summary>
/// The Groth16 prover of snarkjs (groth16_prove.js) and rapidsnark (groth16.cpp), FORMATS.md §4:
/// the zkey's coefficients give A·w and B·w on the n-domain (C = A∘B on it), all three are moved to the
/// odd coset ω_2n·⟨ω_n⟩ by iFFT, ×ω_2n^j, FFT; P = A∘B − C there, and Σ P_j·H_j = [h(τ)Z(τ)/δ]₁ because
/// the zkey's H points are the odd Lagrange points of the 2n-domain. The five multi-scalar
/// multiplications (A, B1, B2 on G2, C, H) run as concurrent tasks; the four that need only the witness
/// start while the transforms for H are still running. r and s come from a cryptographic generator.
/// The key is decoded once and shared: a prover holds no per-proof state and is safe to use from many threads.
/// </summary>
public sealed class Groth16Prover
{
    private readonly ProvingKey _key;
    private readonly Lazy<VerificationKey> _verificationKey;

    public Groth16Prover(ProvingKey key)
    {
        _key = key;
        _verificationKey = new Lazy<VerificationKey>(() => VerificationKey.FromPoints(key.Alpha1, key.Beta2, key.Gamma2, key.Delta2, key.IC));
    }

    public ProvingKey Key => _key;

    /// <summary>The verification key matching this proving key (what `snarkjs zkey export verificationkey` writes).</summary>
    public VerificationKey VerificationKey => _verificationKey.Value;

    /// <summary>Proves with the given witness; the public signals are w[1..nPublic].</summary>
    public (Groth16Proof Proof, Fr[] PublicSignals) Prove(ReadOnlySpan<Fr> witness, CancellationToken cancellationToken = default)
    {
        if (witness.Length != _key.NVars)
        {
            throw new ProvingException($"the witness has {witness.Length} values, the proving key expects {_key.NVars}");
        }
        if (!witness[0].IsOne)
        {
            throw new ProvingException("witness value 0 must be 1 (the constant wire)");
        }
        cancellationToken.ThrowIfCancellationRequested();

        Fr[] w = witness.ToArray();
        Fr[] hScalars = ArrayPool<Fr>.Shared.Rent(_key.DomainSize);
        try
        {
            // The witness-only MSMs start at once (G2 first: it is the longest); H follows the transforms.
            int parallelism = Environment.ProcessorCount;
            var b2 = Task.Run(() => Msm.MultiScalarMul(_key.B2, w, parallelism), cancellationToken);
            var a = Task.Run(() => Msm.MultiScalarMul(_key.A, w, parallelism), cancellationToken);
            var b1 = Task.Run(() => Msm.MultiScalarMul(_key.B1, w, parallelism), cancellationToken);
            var c = Task.Run(() => Msm.MultiScalarMul(_key.C, w.AsSpan(_key.NPublic + 1), parallelism), cancellationToken);

            ComputeH(w, hScalars.AsSpan(0, _key.DomainSize), cancellationToken);
            var h = Task.Run(() => Msm.MultiScalarMul(_key.H, hScalars.AsSpan(0, _key.DomainSize), parallelism), cancellationToken);
            Task.WaitAll([b2, a, b1, c, h], cancellationToken);

            Fr r = RandomScalar();
            Fr s = RandomScalar();
            G1Jacobian delta1 = _key.Delta1.ToJacobian();
            G1Jacobian piA = _key.Alpha1.ToJacobian() + a.Result + delta1.Multiply(r);
            G2Jacobian piB = _key.Beta2.ToJacobian() + b2.Result + _key.Delta2.ToJacobian().Multiply(s);
            G1Jacobian b1s = _key.Beta1.ToJacobian() + b1.Result + delta1.Multiply(s);
            G1Jacobian piC = c.Result + h.Result + piA.Multiply(s) + b1s.Multiply(r) - delta1.Multiply(r * s);

            var publicSignals = w.AsSpan(1, _key.NPublic).ToArray();
            return (new Groth16Proof(piA.ToAffine(), piB.ToAffine(), piC.ToAffine()), publicSignals);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Array.Clear(w);
            Array.Clear(hScalars, 0, _key.DomainSize);
            ArrayPool<Fr>.Shared.Return(hScalars);
        }
    }

    /// <summary>The scalars of the H multi-exponentiation: A·B − C evaluated on the odd coset.</summary>
    private void ComputeH(Fr[] w, Span<Fr> p, CancellationToken cancellationToken)
    {
        int n = _key.DomainSize;
        Fr[] aBuffer = ArrayPool<Fr>.Shared.Rent(n), bBuffer = ArrayPool<Fr>.Shared.Rent(n), cBuffer = ArrayPool<Fr>.Shared.Rent(n);
        try
        {
            Span<Fr> a = aBuffer.AsSpan(0, n), b = bBuffer.AsSpan(0, n), c = cBuffer.AsSpan(0, n);
            a.Clear();
            b.Clear();
            var coefficients = _key.Coefficients;
            Parallel.Invoke(
                () => Accumulate(coefficients, 0, w, aBuffer),
                () => Accumulate(coefficients, 1, w, bBuffer));
            for (int i = 0; i < n; i++)
            {
                c[i] = a[i] * b[i];
            }
            cancellationToken.ThrowIfCancellationRequested();

            var domain = EvaluationDomain.Get(_key.Log2DomainSize);
            Fr shift = _key.Log2DomainSize == RootsOfUnity.MaxLog2 ? RootsOfUnity.Shift : RootsOfUnity.Get(_key.Log2DomainSize + 1);
            var arrays = new[] { aBuffer, bBuffer, cBuffer };
            Parallel.For(0, 3, new ParallelOptions { CancellationToken = cancellationToken }, k =>
            {
                var values = arrays[k].AsSpan(0, n);
                domain.InverseFft(values);
                EvaluationDomain.MultiplyByPowers(values, shift);
                domain.Fft(values);
            });
            for (int i = 0; i < n; i++)
            {
                p[i] = a[i] * b[i] - c[i];
            }
        }
        finally
        {
            foreach (var buffer in new[] { aBuffer, bBuffer, cBuffer })
            {
                Array.Clear(buffer, 0, n);
                ArrayPool<Fr>.Shared.Return(buffer);
            }
        }
    }

    private static void Accumulate(ZkeyCoefficient[] coefficients, int matrix, Fr[] w, Fr[] target)
    {
        foreach (var coefficient in coefficients)
        {
            if (coefficient.Matrix == matrix)
            {
                target[coefficient.Constraint] += coefficient.Value * w[coefficient.Signal];
            }
        }
    }

    /// <summary>A uniform element of Fr by rejection sampling of 254-bit values.</summary>
    internal static Fr RandomScalar()
    {
        Span<byte> bytes = stackalloc byte[32];
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            bytes[31] &= 0x3F;
            if (Fr.TryReadBytes(bytes, bigEndian: false, out Fr value))
            {
                bytes.Clear();
                return value;
            }
        }
    }
}
