namespace CredentialHub.WebAssembly.Interpreter;

/// <summary>
/// Lowers a validated function body to the interpreter's instructions, <see cref="WasmInstruction"/>s with a
/// precomputed control map, for <see cref="WasmInstance"/> (the IL compiler is <see cref="Compiler.CompiledWasmModule"/>).
/// One pass keeps a stack of open blocks, as the validator does (WebAssembly 1.0 Appendix §7.3), but tracks only the
/// operand height: validation already proved the types. A branch to a <c>loop</c> jumps back to its first instruction; a
/// branch to a <c>block</c> or <c>if</c> is patched with the block's end once that is reached. Code after an
/// unconditional branch is unreachable; its heights are kept at the block's entry height and never used at run time.
/// </summary>
public sealed class InterpreterLowering
{
    /// <summary>Most parameters and locals one function may declare; circom functions declare a few dozen.</summary>
    internal const int MaxLocals = 1 << 20;

    private sealed class Block
    {
        public bool IsLoop;
        public int Start;
        public int Height;
        public int ResultArity;
        public bool Unreachable;
        public int ElseFixup = -1;
        public List<int> EndFixups = [];

        public int LabelArity => IsLoop ? 0 : ResultArity;
    }

    private readonly WasmModule _module;
    private readonly uint _function;
    private readonly List<WasmInstruction> _code = [];
    private readonly List<Block> _blocks = [];
    private int _height;
    private int _maxHeight;

    private InterpreterLowering(WasmModule module, uint function)
    {
        _module = module;
        _function = function;
    }

    /// <summary>Lowers every defined function of a module that <see cref="WasmValidator"/> accepted.</summary>
    public static LoweredFunction[] LowerAll(WasmModule module)
    {
        var lowered = new LoweredFunction[module.Bodies.Count];
        for (int i = 0; i < lowered.Length; i++)
        {
            lowered[i] = new InterpreterLowering(module, (uint)(module.Imports.Count + i)).Lower(module.Bodies[i]);
        }
        return lowered;
    }

    private LoweredFunction Lower(WasmFunctionBody body)
    {
        uint typeIndex = _module.TypeIndexOf(_function);
        var type = _module.Types[(int)typeIndex];
        long locals = type.Parameters.Count;
        foreach (var group in body.Locals)
        {
            locals += group.Count;
        }
        if (locals > MaxLocals)
        {
            throw new WasmFormatException(_module.Name, "code section", $"function {_function} declares {locals} parameters and locals; at most {MaxLocals} are supported");
        }
        _height = (int)locals;
        _maxHeight = _height;
        _blocks.Add(new Block { Height = _height, ResultArity = type.Result is null ? 0 : 1 });
        var reader = new WasmReader(body.Code, body.CodeOffset, _module.Name, $"code section: function {_function}");
        while (_blocks.Count > 0)
        {
            Step(reader.ReadByte(), ref reader);
        }
        return new LoweredFunction([.. _code], typeIndex, type.Parameters.Count, (int)locals, type.Result is not null, _maxHeight);
    }

    private void Step(byte opcode, ref WasmReader reader)
    {
        switch (opcode)
        {
            case 0x02: // block
            case 0x03: // loop
            case 0x04: // if
            {
                int resultArity = reader.ReadByte() == 0x40 ? 0 : 1;
                var block = new Block { IsLoop = opcode == 0x03, Start = _code.Count, ResultArity = resultArity };
                if (opcode == 0x04)
                {
                    Pop(1);
                    block.ElseFixup = Emit(new WasmInstruction { Op = opcode });
                }
                block.Height = _height;
                _blocks.Add(block);
                break;
            }
            case 0x05: // else
            {
                var block = _blocks[^1];
                block.EndFixups.Add(Emit(new WasmInstruction { Op = WasmInstruction.Jump }));
                Patch(block.ElseFixup, _code.Count);
                block.ElseFixup = -1;
                block.Unreachable = false;
                _height = block.Height;
                break;
            }
            case 0x0b: // end
            {
                var block = _blocks[^1];
                _blocks.RemoveAt(_blocks.Count - 1);
                if (_blocks.Count == 0)
                {
                    Emit(new WasmInstruction { Op = 0x0f });
                    break;
                }
                if (block.ElseFixup >= 0)
                {
                    Patch(block.ElseFixup, _code.Count);
                }
                foreach (int fixup in block.EndFixups)
                {
                    Patch(fixup, _code.Count);
                }
                _height = block.Height + block.ResultArity;
                break;
            }
            case 0x0c: // br
            case 0x0d: // br_if
            {
                uint depth = reader.ReadU32();
                if (opcode == 0x0d)
                {
                    Pop(1);
                }
                EmitBranch(opcode, depth);
                if (opcode == 0x0c)
                {
                    MarkUnreachable();
                }
                break;
            }
            case 0x0f: // return
                Emit(new WasmInstruction { Op = opcode });
                MarkUnreachable();
                break;
            case 0x10: // call
            {
                uint callee = reader.ReadU32();
                Emit(new WasmInstruction { Op = opcode, Target = (int)callee });
                ApplySignature(_module.Types[(int)_module.TypeIndexOf(callee)]);
                break;
            }
            case 0x11: // call_indirect
            {
                uint typeIndex = reader.ReadU32();
                reader.ReadByte();
                Emit(new WasmInstruction { Op = opcode, Target = (int)typeIndex });
                Pop(1);
                ApplySignature(_module.Types[(int)typeIndex]);
                break;
            }
            case 0x1a: // drop
                Emit(new WasmInstruction { Op = opcode });
                Pop(1);
                break;
            case 0x20: // local.get
            case 0x21: // local.set
            case 0x22: // local.tee
                Emit(new WasmInstruction { Op = opcode, Target = (int)reader.ReadU32() });
                if (opcode == 0x20)
                {
                    Push();
                }
                else if (opcode == 0x21)
                {
                    Pop(1);
                }
                break;
            case 0x3f: // memory.size
            case 0x40: // memory.grow
                reader.ReadByte();
                Emit(new WasmInstruction { Op = opcode });
                if (opcode == 0x3f)
                {
                    Push();
                }
                break;
            case 0x41: // i32.const
                Emit(new WasmInstruction { Op = opcode, Value = reader.ReadS32() });
                Push();
                break;
            case 0x42: // i64.const
                Emit(new WasmInstruction { Op = opcode, Value = reader.ReadS64() });
                Push();
                break;
            case >= 0x28 and <= 0x3e: // loads and stores
                reader.ReadU32();
                Emit(new WasmInstruction { Op = opcode, Value = reader.ReadU32() });
                Pop(opcode >= 0x36 ? 2 : 0);
                break;
            default:
                // Numeric instructions: unary ones (eqz, clz, ctz, popcnt, conversions) leave the height unchanged.
                Emit(new WasmInstruction { Op = opcode });
                if (!IsUnary(opcode))
                {
                    Pop(1);
                }
                break;
        }
    }

    private static bool IsUnary(byte opcode) =>
        opcode is 0x45 or 0x50 or (>= 0x67 and <= 0x69) or (>= 0x79 and <= 0x7b) or 0xa7 or 0xac or 0xad;

    private void EmitBranch(byte opcode, uint depth)
    {
        int index = _blocks.Count - 1 - (int)depth;
        if (index == 0)
        {
            // The function's own label: a branch to it is a return (§4.4.5).
            if (opcode == 0x0c)
            {
                Emit(new WasmInstruction { Op = 0x0f });
                return;
            }
        }
        var target = _blocks[index];
        int at = Emit(new WasmInstruction { Op = opcode, Arity = (byte)target.LabelArity, Height = target.Height, Target = target.Start });
        if (index == 0)
        {
            // br_if to the function label: the taken branch returns, marked by a negative target.
            Patch(at, -1);
        }
        else if (!target.IsLoop)
        {
            target.EndFixups.Add(at);
        }
    }

    private int Emit(WasmInstruction instruction)
    {
        _code.Add(instruction);
        return _code.Count - 1;
    }

    private void Patch(int at, int target)
    {
        var instruction = _code[at];
        instruction.Target = target;
        _code[at] = instruction;
    }

    private void ApplySignature(WasmFunctionType type)
    {
        Pop(type.Parameters.Count);
        if (type.Result is not null)
        {
            Push();
        }
    }

    private void Push()
    {
        _height++;
        _maxHeight = Math.Max(_maxHeight, _height);
    }

    private void Pop(int count)
    {
        var block = _blocks[^1];
        _height = Math.Max(_height - count, block.Unreachable ? block.Height : 0);
    }

    private void MarkUnreachable()
    {
        var block = _blocks[^1];
        block.Unreachable = true;
        _height = block.Height;
    }
}
