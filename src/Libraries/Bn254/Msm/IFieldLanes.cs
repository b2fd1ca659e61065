using System.Runtime.Intrinsics;

namespace CredentialHub.Bn254.Msm;

/// <summary>
/// Eight elements of one field held in AVX-512 lanes: what the batched affine additions, the lane
/// running sums and the vectorised transforms need. Implementations work on fully reduced values in the
/// scalar types' Montgomery form, so loading and storing only re-slice bits. Callers check
/// <see cref="MontgomeryLanes{M}.IsSupported"/> and keep the scalar code as the twin.
/// </summary>
internal interface IFieldLanes<TSelf> where TSelf : struct, IFieldLanes<TSelf>
{
    static abstract TSelf One { get; }

    /// <summary>Reads eight consecutive scalar elements of type T, the field type these lanes stand for.</summary>
    static abstract TSelf Load<T>(ref readonly T first) where T : struct;

    /// <summary>Writes eight consecutive scalar elements of type T.</summary>
    void Store<T>(ref T first) where T : struct;

    static abstract void Multiply(in TSelf a, in TSelf b, out TSelf r);
    static abstract void Square(in TSelf a, out TSelf r);
    static abstract void Add(in TSelf a, in TSelf b, out TSelf r);
    static abstract void Subtract(in TSelf a, in TSelf b, out TSelf r);

    /// <summary>All ones in the lanes that hold zero.</summary>
    Vector512<ulong> IsZero();

    /// <summary>Lane by lane: a where the mask is all ones, b where it is zero.</summary>
    static abstract TSelf Select(Vector512<ulong> mask, in TSelf a, in TSelf b);
}
