namespace CredentialHub.WebAssembly;

/// <summary>
/// Validates one function body with the operand-stack algorithm of the WebAssembly 1.0 core specification,
/// Appendix §7.3 (rules of §3.3): a stack of operand types, where "unknown" stands for any type below an
/// unconditional branch, and a stack of control frames (block, loop, if, and the function itself), each recording
/// its label types, its result types, the operand height at entry, and whether the rest of it is unreachable.
/// Accepted instructions are the circom 2 subset (FORMATS.md §7) widened to all integer numeric instructions and
/// integer loads and stores of WebAssembly 1.0; anything else is refused with its function index and byte offset.
/// </summary>
internal sealed class WasmFunctionValidator
{
    /// <summary>An operand type; 0 is the spec's "Unknown", matching either value type.</summary>
    private enum Operand : byte
    {
        Unknown = 0,
        I32 = (byte)WasmValueType.I32,
        I64 = (byte)WasmValueType.I64,
    }

    private enum FrameKind : byte
    {
        Function,
        Block,
        Loop,
        If,
        Else,
    }

    private struct Frame
    {
        public FrameKind Kind;
        public Operand Result; // Unknown when the block has no result.
        public bool HasResult;
        public int Height;
        public bool Unreachable;

        public readonly int LabelArity => Kind == FrameKind.Loop || !HasResult ? 0 : 1;
    }

    private readonly WasmModule _module;
    private readonly uint _function;
    private readonly WasmFunctionType _type;
    private readonly uint[] _localGroupEnds;
    private readonly WasmValueType[] _localGroupTypes;
    private readonly List<Operand> _operands = [];
    private readonly List<Frame> _frames = [];
    private int _opcodeOffset;

    private WasmFunctionValidator(WasmModule module, uint function, WasmFunctionBody body)
    {
        _module = module;
        _function = function;
        _type = module.Types[(int)module.TypeIndexOf(function)];
        // Parameters first, then the declared groups: cumulative ends for a binary search by local index.
        var ends = new List<uint>();
        var types = new List<WasmValueType>();
        uint end = 0;
        foreach (var parameter in _type.Parameters)
        {
            ends.Add(++end);
            types.Add(parameter);
        }
        long total = end;
        foreach (var group in body.Locals)
        {
            total += group.Count;
            if (total > uint.MaxValue)
            {
                throw new WasmFormatException(module.Name, "code section", $"function {function}: more than 2^32 - 1 parameters and locals (§5.5.13)");
            }
            if (group.Count > 0)
            {
                end = (uint)total;
                ends.Add(end);
                types.Add(group.Type);
            }
        }
        _localGroupEnds = [.. ends];
        _localGroupTypes = [.. types];
    }

    public static void Validate(WasmModule module, uint function, WasmFunctionBody body, ISet<byte>? opcodesSeen)
    {
        new WasmFunctionValidator(module, function, body).Run(body, opcodesSeen);
    }

    private WasmFormatException Fail(string problem) =>
        new(_module.Name, "code section", $"function {_function} at byte 0x{_opcodeOffset:x}: {problem}");

    private void Run(WasmFunctionBody body, ISet<byte>? opcodesSeen)
    {
        var reader = new WasmReader(body.Code, body.CodeOffset, _module.Name, $"code section: function {_function}");
        PushFrame(FrameKind.Function, _type.Result);
        while (_frames.Count > 0)
        {
            _opcodeOffset = reader.Offset;
            if (reader.AtEnd)
            {
                throw Fail($"the body ends with {_frames.Count} control frame(s) still open (§3.3.5)");
            }
            byte opcode = reader.ReadByte();
            opcodesSeen?.Add(opcode);
            Step(opcode, ref reader);
        }
        if (!reader.AtEnd)
        {
            _opcodeOffset = reader.Offset;
            throw Fail($"{reader.Remaining} bytes follow the end of the function body (§5.5.13)");
        }
    }

    private void Step(byte opcode, ref WasmReader reader)
    {
        switch (opcode)
        {
            case 0x02: // block
            case 0x03: // loop
            case 0x04: // if
            {
                var result = ReadBlockType(ref reader);
                if (opcode == 0x04)
                {
                    Pop(Operand.I32);
                }
                PushFrame(opcode switch { 0x02 => FrameKind.Block, 0x03 => FrameKind.Loop, _ => FrameKind.If }, result);
                break;
            }
            case 0x05: // else
            {
                var frame = PopFrame();
                if (frame.Kind != FrameKind.If)
                {
                    throw Fail("else without a matching if (§3.3.5)");
                }
                PushFrame(FrameKind.Else, frame.HasResult ? (WasmValueType)frame.Result : null);
                break;
            }
            case 0x0b: // end
            {
                var frame = PopFrame();
                if (frame.Kind == FrameKind.If && frame.HasResult)
                {
                    throw Fail($"if with result {Name(frame.Result)} has no else branch (§3.3.5)");
                }
                if (frame.HasResult)
                {
                    Push(frame.Result);
                }
                break;
            }
            case 0x0c: // br
            {
                var label = Label(ref reader, "br");
                PopLabel(label);
                MarkUnreachable();
                break;
            }
            case 0x0d: // br_if
            {
                var label = Label(ref reader, "br_if");
                Pop(Operand.I32);
                PopLabel(label);
                if (label.LabelArity == 1)
                {
                    Push(label.Result);
                }
                break;
            }
            case 0x0f: // return
                if (_type.Result is { } returned)
                {
                    Pop((Operand)returned);
                }
                MarkUnreachable();
                break;
            case 0x10: // call
            {
                uint callee = reader.ReadU32();
                if (callee >= (uint)_module.FunctionCount)
                {
                    throw Fail($"call to function {callee}, but the module has {_module.FunctionCount} functions (§3.3.5)");
                }
                ApplySignature(_module.Types[(int)_module.TypeIndexOf(callee)]);
                break;
            }
            case 0x11: // call_indirect
            {
                uint typeIndex = reader.ReadU32();
                byte table = reader.ReadByte();
                if (table != 0x00)
                {
                    throw Fail($"call_indirect table byte 0x{table:x2} is not 0x00 (§5.4.1)");
                }
                if (_module.Table is null)
                {
                    throw Fail("call_indirect but the module defines no table (§3.3.5)");
                }
                if (typeIndex >= (uint)_module.Types.Count)
                {
                    throw Fail($"call_indirect with type index {typeIndex}, but the module has {_module.Types.Count} types (§3.3.5)");
                }
                Pop(Operand.I32);
                ApplySignature(_module.Types[(int)typeIndex]);
                break;
            }
            case 0x1a: // drop
                Pop(Operand.Unknown);
                break;
            case 0x20: // local.get
                Push(Local(ref reader, "local.get"));
                break;
            case 0x21: // local.set
                Pop(Local(ref reader, "local.set"));
                break;
            case 0x22: // local.tee
            {
                var type = Local(ref reader, "local.tee");
                Pop(type);
                Push(type);
                break;
            }
            case 0x3f: // memory.size
            case 0x40: // memory.grow
            {
                byte memory = reader.ReadByte();
                if (memory != 0x00)
                {
                    throw Fail($"memory index byte 0x{memory:x2} is not 0x00 (§5.4.4)");
                }
                if (opcode == 0x40)
                {
                    Pop(Operand.I32);
                }
                Push(Operand.I32);
                break;
            }
            case 0x41: // i32.const
                reader.ReadS32();
                Push(Operand.I32);
                break;
            case 0x42: // i64.const
                reader.ReadS64();
                Push(Operand.I64);
                break;
            case 0xa7: // i32.wrap_i64
                Unary(Operand.I64, Operand.I32);
                break;
            case 0xac: // i64.extend_i32_s
            case 0xad: // i64.extend_i32_u
                Unary(Operand.I32, Operand.I64);
                break;
            default:
                if (MemoryAccess(opcode) is { } access)
                {
                    ValidateMemoryAccess(access, ref reader);
                }
                else if (NumericShape(opcode) is { } shape)
                {
                    for (int i = 0; i < shape.Arity; i++)
                    {
                        Pop(shape.Operand);
                    }
                    Push(shape.Result);
                }
                else
                {
                    throw Fail($"opcode 0x{opcode:x2} ({Describe(opcode)}) is outside the circom subset (FORMATS.md §7)");
                }
                break;
        }
    }

    private readonly record struct Access(string Name, Operand Type, int NaturalAlignment, bool IsStore);

    /// <summary>Integer loads and stores (§5.4.4) with the log2 of their access width.</summary>
    private static Access? MemoryAccess(byte opcode) => opcode switch
    {
        0x28 => new("i32.load", Operand.I32, 2, false),
        0x29 => new("i64.load", Operand.I64, 3, false),
        0x2c => new("i32.load8_s", Operand.I32, 0, false),
        0x2d => new("i32.load8_u", Operand.I32, 0, false),
        0x2e => new("i32.load16_s", Operand.I32, 1, false),
        0x2f => new("i32.load16_u", Operand.I32, 1, false),
        0x30 => new("i64.load8_s", Operand.I64, 0, false),
        0x31 => new("i64.load8_u", Operand.I64, 0, false),
        0x32 => new("i64.load16_s", Operand.I64, 1, false),
        0x33 => new("i64.load16_u", Operand.I64, 1, false),
        0x34 => new("i64.load32_s", Operand.I64, 2, false),
        0x35 => new("i64.load32_u", Operand.I64, 2, false),
        0x36 => new("i32.store", Operand.I32, 2, true),
        0x37 => new("i64.store", Operand.I64, 3, true),
        0x3a => new("i32.store8", Operand.I32, 0, true),
        0x3b => new("i32.store16", Operand.I32, 1, true),
        0x3c => new("i64.store8", Operand.I64, 0, true),
        0x3d => new("i64.store16", Operand.I64, 1, true),
        0x3e => new("i64.store32", Operand.I64, 2, true),
        _ => null,
    };

    private void ValidateMemoryAccess(Access access, ref WasmReader reader)
    {
        uint alignment = reader.ReadU32();
        reader.ReadU32(); // The offset: any u32 is valid; the effective address is checked when executed (§4.4.4).
        if (_module.Memory is null)
        {
            throw Fail($"{access.Name} but the module defines no memory (§3.3.4)");
        }
        if (alignment > (uint)access.NaturalAlignment)
        {
            throw Fail($"{access.Name} alignment 2^{alignment} exceeds its natural alignment 2^{access.NaturalAlignment} (§3.3.4)");
        }
        if (access.IsStore)
        {
            Pop(access.Type);
            Pop(Operand.I32);
        }
        else
        {
            Pop(Operand.I32);
            Push(access.Type);
        }
    }

    private readonly record struct Shape(int Arity, Operand Operand, Operand Result);

    /// <summary>The integer numeric instructions of §5.4.5 other than constants and conversions.</summary>
    private static Shape? NumericShape(byte opcode) => opcode switch
    {
        0x45 => new(1, Operand.I32, Operand.I32),                   // i32.eqz
        >= 0x46 and <= 0x4f => new(2, Operand.I32, Operand.I32),    // i32.eq .. i32.ge_u
        0x50 => new(1, Operand.I64, Operand.I32),                   // i64.eqz
        >= 0x51 and <= 0x5a => new(2, Operand.I64, Operand.I32),    // i64.eq .. i64.ge_u
        >= 0x67 and <= 0x69 => new(1, Operand.I32, Operand.I32),    // i32.clz, i32.ctz, i32.popcnt
        >= 0x6a and <= 0x78 => new(2, Operand.I32, Operand.I32),    // i32.add .. i32.rotr
        >= 0x79 and <= 0x7b => new(1, Operand.I64, Operand.I64),    // i64.clz, i64.ctz, i64.popcnt
        >= 0x7c and <= 0x8a => new(2, Operand.I64, Operand.I64),    // i64.add .. i64.rotr
        _ => null,
    };

    /// <summary>What a refused opcode is, for the message.</summary>
    private static string Describe(byte opcode) => opcode switch
    {
        0x00 => "unreachable, not used by circom 2",
        0x01 => "nop, not used by circom 2",
        0x0e => "br_table, not used by circom 2",
        0x1b or 0x1c => "select, not used by circom 2",
        0x23 or 0x24 => "global access; circom 2 defines no globals",
        0x25 or 0x26 or (>= 0xd0 and <= 0xd2) => "reference types",
        0x2a or 0x2b or 0x38 or 0x39 or 0x43 or 0x44 or (>= 0x5b and <= 0x66) or (>= 0x8b and <= 0xa6)
            or (>= 0xa8 and <= 0xab) or (>= 0xae and <= 0xbf) => "floating point",
        >= 0xc0 and <= 0xc4 => "sign extension",
        0xfc => "bulk memory or saturating truncation",
        0xfd => "SIMD",
        _ => "not a WebAssembly 1.0 instruction",
    };

    private WasmValueType? ReadBlockType(ref WasmReader reader)
    {
        byte b = reader.ReadByte();
        return b switch
        {
            0x40 => null,
            0x7f => WasmValueType.I32,
            0x7e => WasmValueType.I64,
            _ => throw Fail($"block type 0x{b:x2} is outside the circom subset: only empty, i32 and i64 are accepted (§5.4.1)"),
        };
    }

    private Frame Label(ref WasmReader reader, string instruction)
    {
        uint depth = reader.ReadU32();
        if (depth >= (uint)_frames.Count)
        {
            throw Fail($"{instruction} {depth} targets a label that does not exist: {_frames.Count} enclosing labels (§3.3.5)");
        }
        return _frames[_frames.Count - 1 - (int)depth];
    }

    private void PopLabel(Frame label)
    {
        if (label.LabelArity == 1)
        {
            Pop(label.Result);
        }
    }

    private Operand Local(ref WasmReader reader, string instruction)
    {
        uint index = reader.ReadU32();
        int count = _localGroupEnds.Length;
        if (count == 0 || index >= _localGroupEnds[count - 1])
        {
            uint total = count == 0 ? 0 : _localGroupEnds[count - 1];
            throw Fail($"{instruction} {index}, but the function has {total} parameters and locals (§3.3.3)");
        }
        int group = Array.BinarySearch(_localGroupEnds, index + 1);
        if (group < 0)
        {
            group = ~group;
        }
        return (Operand)_localGroupTypes[group];
    }

    private void ApplySignature(WasmFunctionType type)
    {
        for (int i = type.Parameters.Count - 1; i >= 0; i--)
        {
            Pop((Operand)type.Parameters[i]);
        }
        if (type.Result is { } result)
        {
            Push((Operand)result);
        }
    }

    private void Unary(Operand operand, Operand result)
    {
        Pop(operand);
        Push(result);
    }

    private void Push(Operand operand) => _operands.Add(operand);

    private Operand Pop(Operand expected)
    {
        var frame = _frames[^1];
        if (_operands.Count == frame.Height)
        {
            if (frame.Unreachable)
            {
                return expected;
            }
            throw Fail($"operand stack underflow: expected {Name(expected)} but the {FrameName(frame.Kind)} has no operand left (§7.3)");
        }
        var actual = _operands[^1];
        _operands.RemoveAt(_operands.Count - 1);
        if (actual != expected && actual != Operand.Unknown && expected != Operand.Unknown)
        {
            throw Fail($"type mismatch: expected {Name(expected)} but found {Name(actual)} (§7.3)");
        }
        return actual == Operand.Unknown ? expected : actual;
    }

    private void PushFrame(FrameKind kind, WasmValueType? result)
    {
        _frames.Add(new Frame
        {
            Kind = kind,
            Result = result is { } r ? (Operand)r : Operand.Unknown,
            HasResult = result is not null,
            Height = _operands.Count,
        });
    }

    private Frame PopFrame()
    {
        var frame = _frames[^1];
        if (frame.HasResult)
        {
            Pop(frame.Result);
        }
        if (_operands.Count != frame.Height)
        {
            throw Fail($"the {FrameName(frame.Kind)} ends with {_operands.Count - frame.Height} extra operand(s) on the stack (§7.3)");
        }
        _frames.RemoveAt(_frames.Count - 1);
        return frame;
    }

    private void MarkUnreachable()
    {
        var frame = _frames[^1];
        _operands.RemoveRange(frame.Height, _operands.Count - frame.Height);
        frame.Unreachable = true;
        _frames[^1] = frame;
    }

    private static string Name(Operand operand) => operand switch
    {
        Operand.I32 => "i32",
        Operand.I64 => "i64",
        _ => "a value",
    };

    private static string FrameName(FrameKind kind) => kind switch
    {
        FrameKind.Function => "function body",
        FrameKind.Block => "block",
        FrameKind.Loop => "loop",
        FrameKind.If => "if",
        _ => "else",
    };
}
