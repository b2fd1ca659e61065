using System.Buffers;
using System.Security.Cryptography;
using CredentialHub.Bn254.Curves;
using CredentialHub.Bn254.Fields;
using CredentialHub.Bn254.Memory;
using CredentialHub.Bn254.Msm;
using CredentialHub.Bn254.Polynomials;
using CredentialHub.Groth16.Formats;
using CredentialHub.ProofSystems.Contracts;

namespace CredentialHub.Groth16.Proving;

/// <summary>
/// The Groth16 prover of snarkjs (groth16_prove.js) and rapidsnark (groth16.cpp), FORMATS.md §4:
/// the zkey's coefficients give A·w and B·w on the n-domain (C = A∘B on it), all three are moved to the
/// odd coset ω_2n·⟨ω_n⟩ by iFFT, ×ω_2n^j, FFT; P = A∘B − C there, and Σ P_j·H_j = [h(τ)Z(τ)/δ]₁ because
/// the zkey's H points are the odd Lagrange points of the 2n-domain. Below a 2^18 domain the five multi-scalar
/// multiplications (A, B1, B2 on G2, C, H) run as concurrent tasks, the four that need only the witness
/// starting while the transforms for H are still running; from 2^18 they run one after another, each on every
/// core, so that one set of working arrays is alive at a time. r and s come from a cryptographic generator.
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

    /// <summary>Proves with the given witness (copied first); the public signals are w[1..nPublic].</summary>
    public (Groth16Proof Proof, Fr[] PublicSignals) Prove(ReadOnlySpan<Fr> witness, CancellationToken cancellationToken = default)
    {
        Fr[] w = witness.ToArray();
        try
        {
            return Prove(w, cancellationToken);
        }
        finally
        {
            Array.Clear(w);
        }
    }

    /// <summary>
    /// Proves with the given witness, used in place: the caller keeps it unchanged until this returns, and clears it.
    /// The public signals are w[1..nPublic].
    /// </summary>
    public (Groth16Proof Proof, Fr[] PublicSignals) Prove(Fr[] witness, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(witness);
        if (witness.Length != _key.NVars)
        {
            throw new ProvingException($"the witness has {witness.Length} values, the proving key expects {_key.NVars}");
        }
        if (!witness[0].IsOne)
        {
            throw new ProvingException("witness value 0 must be 1 (the constant wire)");
        }
        cancellationToken.ThrowIfCancellationRequested();

        Fr[] w = witness;
        Fr[]? hScalars = null;
        try
        {
            int parallelism = Environment.ProcessorCount;
            G1Jacobian a, b1, c, h;
            G2Jacobian b2;
            if (_key.DomainSize < SequentialFromDomainSize)
            {
                // Small keys: the witness-only MSMs start at once (G2 first: it is the longest) and H follows the
                // transforms, so that no core waits on another's short tail.
                var b2Task = Task.Run(() => Msm.MultiScalarMul(_key.B2.Span, w, parallelism), cancellationToken);
                var aTask = Task.Run(() => Msm.MultiScalarMul(_key.A.Span, w, parallelism), cancellationToken);
                var b1Task = Task.Run(() => Msm.MultiScalarMul(_key.B1.Span, w, parallelism), cancellationToken);
                var cTask = Task.Run(() => Msm.MultiScalarMul(_key.C.Span, w.AsSpan(_key.NPublic + 1), parallelism), cancellationToken);
                hScalars = ComputeH(w, pooled: true, cancellationToken);
                var hTask = Task.Run(() => Msm.MultiScalarMul(_key.H.Span, hScalars.AsSpan(0, _key.DomainSize), parallelism), cancellationToken);
                Task.WaitAll([b2Task, aTask, b1Task, cTask, hTask], cancellationToken);
                (a, b1, b2, c, h) = (aTask.Result, b1Task.Result, b2Task.Result, cTask.Result, hTask.Result);
            }
            else
            {
                // Large keys: each MSM alone keeps every core busy, so they run one after another and only one set of
                // working arrays (scalars, buckets) is alive at a time; the transforms' buffers are gone before the first
                // (collected at once, so that the MSMs reuse their memory instead of adding to the process's peak).
                hScalars = ComputeH(w, pooled: false, cancellationToken);
                GC.Collect();
                h = Msm.MultiScalarMul(_key.H.Span, hScalars.AsSpan(0, _key.DomainSize), parallelism);
                Release(ref hScalars, _key.DomainSize);
                cancellationToken.ThrowIfCancellationRequested();
                b2 = Msm.MultiScalarMul(_key.B2.Span, w, parallelism);
                cancellationToken.ThrowIfCancellationRequested();
                a = Msm.MultiScalarMul(_key.A.Span, w, parallelism);
                cancellationToken.ThrowIfCancellationRequested();
                b1 = Msm.MultiScalarMul(_key.B1.Span, w, parallelism);
                cancellationToken.ThrowIfCancellationRequested();
                c = Msm.MultiScalarMul(_key.C.Span, w.AsSpan(_key.NPublic + 1), parallelism);
            }

            Fr r = RandomScalar();
            Fr s = RandomScalar();
            G1Jacobian delta1 = _key.Delta1.ToJacobian();
            G1Jacobian piA = _key.Alpha1.ToJacobian() + a + delta1.Multiply(r);
            G2Jacobian piB = _key.Beta2.ToJacobian() + b2 + _key.Delta2.ToJacobian().Multiply(s);
            G1Jacobian b1s = _key.Beta1.ToJacobian() + b1 + delta1.Multiply(s);
            G1Jacobian piC = c + h + piA.Multiply(s) + b1s.Multiply(r) - delta1.Multiply(r * s);

            var publicSignals = w.AsSpan(1, _key.NPublic).ToArray();
            return (new Groth16Proof(piA.ToAffine(), piB.ToAffine(), piC.ToAffine()), publicSignals);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is OperationCanceledException))
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            Release(ref hScalars, _key.DomainSize);
        }
    }

    /// <summary>From this domain size (2^18) on, the five MSMs run one after another instead of side by side.</summary>
    internal const int SequentialFromDomainSize = 1 << 18;

    private static void Release(ref Fr[]? buffer, int length)
    {
        if (buffer is not null)
        {
            Array.Clear(buffer, 0, length);
            ArrayPool<Fr>.Shared.Return(buffer);
            buffer = null;
        }
    }

    /// <summary>
    /// The scalars of the H multi-exponentiation, A·B − C evaluated on the odd coset, in a rented array of at least
    /// domainSize values (the caller returns it). The transforms' other two buffers are cleared here, and returned to
    /// the pool when <paramref name="pooled"/>, or else left to the collector (fresh arrays, not kept for the next proof).
    /// </summary>
    private Fr[] ComputeH(Fr[] w, bool pooled, CancellationToken cancellationToken)
    {
        int n = _key.DomainSize;
        Fr[]? aBuffer = ArrayPool<Fr>.Shared.Rent(n);
        Fr[]? bBuffer = pooled ? ArrayPool<Fr>.Shared.Rent(n) : GC.AllocateUninitializedArray<Fr>(n);
        Fr[]? cBuffer = pooled ? ArrayPool<Fr>.Shared.Rent(n) : GC.AllocateUninitializedArray<Fr>(n);
        try
        {
            LargeArrays.Prefault(aBuffer, n);
            LargeArrays.Prefault(bBuffer, n);
            LargeArrays.Prefault(cBuffer, n);
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
                a[i] = a[i] * b[i] - c[i];
            }
            var p = aBuffer;
            aBuffer = null;
            return p;
        }
        finally
        {
            Release(ref aBuffer, n);
            if (pooled)
            {
                Release(ref bBuffer, n);
                Release(ref cBuffer, n);
            }
            else
            {
                Array.Clear(bBuffer);
                Array.Clear(cBuffer);
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
