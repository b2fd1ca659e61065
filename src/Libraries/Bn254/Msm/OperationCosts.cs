namespace CredentialHub.Bn254.Msm;

/// <summary>
/// What the operations of the bucket method cost, in base-field multiplications (one ≈ 45 ns on the
/// reference machine), from the operation counts of the formulas and the figures of MsmBenchmarks.
/// </summary>
/// <param name="BatchedAddition">One batched affine bucket addition without its share of the inversion:
/// 6 multiplications plus subtractions and scheduling (8.5); in AVX-512 lanes (G1) about 3.3.</param>
/// <param name="Inversion">One batch's inversion: a field inversion by divsteps (1.75 µs, about 40 multiplications); in
/// lanes the eight lane products are inverted together, 24 multiplications more.</param>
/// <param name="MixedAddition">A mixed Jacobian addition (7M + 4S and additions): buckets too few to batch.</param>
/// <param name="ReductionPerBucket">One running-sum step: a mixed addition (S += bucket) and a Jacobian
/// addition (T += S), 19 + 24; about 10 when eight segments run in AVX-512 lanes.</param>
internal readonly record struct OperationCosts(double BatchedAddition, double Inversion, double MixedAddition, double ReductionPerBucket)
{
    internal static OperationCosts Scalar { get; } = new(8.5, 40, 19, 43);
    internal static OperationCosts Vector { get; } = new(3.3, 64, 19, 10);

    internal double Addition(int batchSize) =>
        batchSize >= WindowCostModel.MinimumBatch ? BatchedAddition + Inversion / batchSize : MixedAddition;
}
