namespace CredentialHub.WebAssembly.Tests;

/// <summary>
/// Hand-assembled modules in the binary format of the WebAssembly 1.0 core specification §5, shaped like a tiny
/// circom 2 witness calculator: function 0 is the import runtime.exceptionHandler (i32) -> (), function 1 is defined,
/// and the code section comes last so that a body's file offset is the module's length minus the body's.
/// </summary>
internal static class WasmBytes
{
    public const byte TypeVoid = 0;
    public const byte TypeI32ToVoid = 1;
    public const byte TypeI32I32ToI32 = 2;
    public const byte TypeI64ToI64 = 3;

    public static readonly byte[] Header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

    public static byte[] Leb(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    public static byte[] Section(byte id, params byte[][] parts)
    {
        var content = Concat(parts);
        return Concat([id], Leb((uint)content.Length), content);
    }

    public static byte[] Vec(params byte[][] items) => Concat([Leb((uint)items.Length), .. items]);

    public static byte[] Name(string name)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(name);
        return Concat(Leb((uint)utf8.Length), utf8);
    }

    public static byte[] Types => Section(1, Vec(
        [0x60, 0x00, 0x00],
        [0x60, 0x01, 0x7f, 0x00],
        [0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f],
        [0x60, 0x01, 0x7e, 0x01, 0x7e]));

    public static byte[] Imports => Section(2, Vec(Concat(Name("runtime"), Name("exceptionHandler"), [0x00, TypeI32ToVoid])));

    public static byte[] Functions(byte type) => Section(3, Vec([type]));

    public static byte[] Table => Section(4, Vec([0x70, 0x01, 0x01, 0x01]));

    public static byte[] Memory => Section(5, Vec([0x00, 0x01]));

    public static byte[] Exports => Section(7, Vec(
        Concat(Name("memory"), [0x02, 0x00]),
        Concat(Name("run"), [0x00, 0x01])));

    public static byte[] Elements => Section(9, Vec([0x00, 0x41, 0x00, 0x0b, 0x01, 0x01]));

    public static byte[] Data => Section(11, Vec(Concat([0x00, 0x41, 0x08, 0x0b], Vec([0x61], [0x62], [0x63]))));

    public static byte[] Body(byte[] locals, byte[] code)
    {
        var content = Concat(locals, code);
        return Concat(Leb((uint)content.Length), content);
    }

    public static byte[] Code(byte[] locals, byte[] code) => Section(10, Vec(Body(locals, code)));

    /// <summary>(i32, i32) -> i32 returning the sum of its parameters.</summary>
    public static readonly byte[] AddBody = [0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b];

    /// <summary>A valid module whose function 1 has type <paramref name="type"/>, no locals, and body <paramref name="code"/>.</summary>
    public static byte[] ModuleWithBody(byte[] code, byte type = TypeI32I32ToI32) =>
        ModuleWithBody([0x00], code, type);

    public static byte[] ModuleWithBody(byte[] locals, byte[] code, byte type) =>
        Concat(Header, Types, Imports, Functions(type), Table, Memory, Exports, Elements, Code(locals, code));

    /// <summary>The minimal module plus a data segment and a custom "name" section.</summary>
    public static byte[] MinimalModule =>
        Concat(Header, Section(0, Name("name"), [0x01, 0x02]), Types, Imports, Functions(TypeI32I32ToI32), Table, Memory, Exports,
            Elements, Code([0x00], AddBody), Data, Section(0, Name("name"), [0x00, 0x01, 0x00]));
}
