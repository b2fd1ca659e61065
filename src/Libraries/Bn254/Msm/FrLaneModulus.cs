namespace CredentialHub.Bn254.Msm;

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
