namespace CredentialHub.Bn254.Msm;

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
