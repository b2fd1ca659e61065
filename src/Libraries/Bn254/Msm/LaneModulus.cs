namespace CredentialHub.Bn254.Msm;

/// <summary>
/// The constants of <see cref="MontgomeryLanes{M}"/> for one prime m &lt; 2^254, in 29-bit limbs:
/// m itself, −m⁻¹ mod 2^29 and 2^256 mod m (the Montgomery form of 1 shared with the scalar field
/// types). Implemented by empty structs so that the JIT folds them into the arithmetic; the tests
/// derive every value from the modulus.
/// </summary>
internal interface ILaneModulus
{
    static abstract ulong M0 { get; }
    static abstract ulong M1 { get; }
    static abstract ulong M2 { get; }
    static abstract ulong M3 { get; }
    static abstract ulong M4 { get; }
    static abstract ulong M5 { get; }
    static abstract ulong M6 { get; }
    static abstract ulong M7 { get; }
    static abstract ulong M8 { get; }
    static abstract ulong NegativeInverse { get; }
    static abstract ulong One0 { get; }
    static abstract ulong One1 { get; }
    static abstract ulong One2 { get; }
    static abstract ulong One3 { get; }
    static abstract ulong One4 { get; }
    static abstract ulong One5 { get; }
    static abstract ulong One6 { get; }
    static abstract ulong One7 { get; }
    static abstract ulong One8 { get; }
}

/// <summary>q = 21888242871839275222246405745257275088696311157297823662689037894645226208583 (Fp).</summary>
internal struct FpLaneModulus : ILaneModulus
{
    public static ulong M0 => 0x187cfd47;
    public static ulong M1 => 0x10460b6;
    public static ulong M2 => 0x1c72a34f;
    public static ulong M3 => 0x2d522d0;
    public static ulong M4 => 0x1585d978;
    public static ulong M5 => 0x2db40c0;
    public static ulong M6 => 0xa6e141;
    public static ulong M7 => 0xe5c2634;
    public static ulong M8 => 0x30644e;
    public static ulong NegativeInverse => 0x4866389;
    public static ulong One0 => 0x58f0d9d;
    public static ulong One1 => 0x1aea1c6e;
    public static ulong One2 => 0x11c2cf74;
    public static ulong One3 => 0x11d651eb;
    public static ulong One4 => 0x1462c0a7;
    public static ulong One5 => 0x11b7bc3c;
    public static ulong One6 => 0x1cbd99ba;
    public static ulong One7 => 0x183340fb;
    public static ulong One8 => 0xe0a77;
}

/// <summary>r = 21888242871839275222246405745257275088548364400416034343698204186575808495617 (Fr).</summary>
internal struct FrLaneModulus : ILaneModulus
{
    public static ulong M0 => 0x10000001;
    public static ulong M1 => 0x1f0fac9f;
    public static ulong M2 => 0xe5c2450;
    public static ulong M3 => 0x7d090f3;
    public static ulong M4 => 0x1585d283;
    public static ulong M5 => 0x2db40c0;
    public static ulong M6 => 0xa6e141;
    public static ulong M7 => 0xe5c2634;
    public static ulong M8 => 0x30644e;
    public static ulong NegativeInverse => 0xfffffff;
    public static ulong One0 => 0xffffffb;
    public static ulong One1 => 0x4b1a0e2;
    public static ulong One2 => 0x18334a6b;
    public static ulong One3 => 0x18ed2b3e;
    public static ulong One4 => 0x1462e36f;
    public static ulong One5 => 0x11b7bc3c;
    public static ulong One6 => 0x1cbd99ba;
    public static ulong One7 => 0x183340fb;
    public static ulong One8 => 0xe0a77;
}
