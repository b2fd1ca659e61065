using System.Numerics;
using System.Reflection;
using System.Reflection.Emit;

namespace CredentialHub.WebAssembly.Compiler;

/// <summary>
/// Translates one validated function body into the IL of its static method. WebAssembly and IL are
/// both stack machines, so operands stay on the IL evaluation stack wherever they can; the difference is control
/// flow. IL wants the same stack at every join, while a WebAssembly branch may leave values behind. So:
/// <list type="bullet">
/// <item>At every label the IL stack is empty. Entering a <c>block</c>, <c>loop</c> or <c>if</c> first spills the
/// operands on the IL stack into locals: one local per (operand height, type), which no two live operands share.</item>
/// <item>A block's result lives in the spill local of its entry height: every path to its end stores it there, and
/// after the end it is an operand that sits in a local until something uses it.</item>
/// <item>The model of the operand stack records which operands are spilled (always a bottom part) and which are
/// on the IL stack; an instruction that needs a spilled operand reloads it, spilling what lies above it first.</item>
/// <item>Code after an unconditional branch is unreachable (validation typed it; §3.3.5) and is skipped.</item>
/// </list>
/// WebAssembly parameters are IL arguments 0..n−1 and the <see cref="CompiledWasmInstance"/> is argument n; locals
/// are IL locals (zero-initialized, as §4.4.9 requires). Memory is reached through a local copy of
/// <see cref="CompiledWasmInstance.Memory"/>, reloaded after every call and <c>memory.grow</c>, the only places it can change.
/// </summary>
internal sealed class WasmFunctionEmitter
{
    /// <summary>Most parameters and locals one function may declare in compiled code (IL has 16-bit local indices).</summary>
    public const int MaxLocals = 50_000;

    private static readonly FieldInfo MemoryField = typeof(CompiledWasmInstance).GetField(nameof(CompiledWasmInstance.Memory), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly FieldInfo StackLimitField = typeof(CompiledWasmInstance).GetField(nameof(CompiledWasmInstance.StackLimit), BindingFlags.Instance | BindingFlags.NonPublic)!;
    private static readonly MethodInfo InterruptMethod = typeof(CompiledWasmInstance).GetMethod(nameof(CompiledWasmInstance.Interrupt), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private enum Kind : byte
    {
        Function,
        Block,
        Loop,
        If,
    }

    private sealed class Control
    {
        public Kind Kind;
        public Label Label;     // the end, or a loop's start
        public Label Else;      // an if's false branch
        public bool ElseMarked;
        public int Height;
        public WasmValueType? Result;
        public bool Unreachable;

        public WasmValueType? LabelType => Kind == Kind.Loop ? null : Result;
    }

    private struct Operand
    {
        public WasmValueType Type;
        public bool Spilled;
    }

    private readonly CompiledWasmModule.Builder _builder;
    private readonly WasmModule _module;
    private readonly uint _function;
    private readonly ILGenerator _il;
    private readonly WasmFunctionType _type;
    private readonly int _parameterCount;
    private readonly WasmValueType[] _localTypes;
    private readonly LocalBuilder[] _locals;
    private readonly LocalBuilder _memory;
    private readonly List<Operand> _operands = [];
    private readonly List<Control> _controls = [];
    private readonly Dictionary<(int Height, WasmValueType Type), LocalBuilder> _slots = [];
    private readonly Dictionary<(int Index, WasmValueType Type), LocalBuilder> _temporaries = [];
    private int _onStack;
    private LocalBuilder? _probe;

    private WasmFunctionEmitter(CompiledWasmModule.Builder builder, uint function, ILGenerator il)
    {
        _builder = builder;
        _module = builder.Module;
        _function = function;
        _il = il;
        _type = _module.Types[(int)_module.TypeIndexOf(function)];
        _parameterCount = _type.Parameters.Count;
        var body = _module.Bodies[(int)(function - (uint)_module.Imports.Count)];
        long count = _parameterCount + body.Locals.Sum(group => (long)group.Count);
        if (count > MaxLocals)
        {
            throw new WasmFormatException(_module.Name, "code section", $"function {function} declares {count} parameters and locals; the compiler supports at most {MaxLocals}");
        }
        _localTypes = new WasmValueType[count];
        _locals = new LocalBuilder[count];
        int next = 0;
        foreach (var parameter in _type.Parameters)
        {
            _localTypes[next++] = parameter;
        }
        foreach (var group in body.Locals)
        {
            for (uint i = 0; i < group.Count; i++)
            {
                _localTypes[next] = group.Type;
                _locals[next++] = _il.DeclareLocal(ClrType(group.Type));
            }
        }
        _memory = _il.DeclareLocal(typeof(byte[]));
    }

    /// <summary>Bytes of stack the function's frame may need: its locals, spill slots and a margin for the JIT's own.</summary>
    public int FrameEstimate => 16 * (_locals.Length + _slots.Count + _temporaries.Count) + 4096;

    /// <summary>Emits the body of defined function <paramref name="function"/> with <paramref name="il"/>; returns the frame estimate.</summary>
    public static int Emit(CompiledWasmModule.Builder builder, uint function, ILGenerator il)
    {
        var emitter = new WasmFunctionEmitter(builder, function, il);
        emitter.EmitBody();
        return emitter.FrameEstimate;
    }

    public static Type ClrType(WasmValueType type) => type == WasmValueType.I64 ? typeof(long) : typeof(int);

    private void EmitBody()
    {
        var body = _module.Bodies[(int)(_function - (uint)_module.Imports.Count)];
        EmitPrologue();
        _controls.Add(new Control { Kind = Kind.Function, Label = _il.DefineLabel(), Height = 0, Result = _type.Result });
        var reader = new WasmReader(body.Code, body.CodeOffset, _module.Name, $"code section: function {_function}");
        int skipDepth = -1; // >= 0 while skipping unreachable code: the number of blocks opened inside it
        while (_controls.Count > 0)
        {
            byte opcode = reader.ReadByte();
            if (skipDepth >= 0)
            {
                if (opcode is 0x02 or 0x03 or 0x04)
                {
                    reader.ReadByte();
                    skipDepth++;
                    continue;
                }
                if (opcode == 0x0b && skipDepth > 0)
                {
                    skipDepth--;
                    continue;
                }
                if (opcode != 0x0b && !(opcode == 0x05 && skipDepth == 0))
                {
                    SkipImmediates(opcode, ref reader);
                    continue;
                }
                skipDepth = -1;
            }
            if (Step(opcode, ref reader))
            {
                _controls[^1].Unreachable = true;
                skipDepth = 0;
            }
        }
    }

    private void EmitPrologue()
    {
        _probe = _il.DeclareLocal(typeof(byte));
        if (!_builder.IsLeaf[_function])
        {
            EmitInterruptCheck();
            LoadInstance();
            _il.Emit(OpCodes.Call, Op(nameof(WasmOps.Enter)));
        }
        ReloadMemory();
    }

    /// <summary>
    /// At function entry and at every loop head: compares the stack pointer (the address of a local, near enough)
    /// with <see cref="CompiledWasmInstance.StackLimit"/>, read as volatile so that a loop cannot hoist it. The limit
    /// is raised to the top of the address space when the run is cancelled, so this one comparison detects both
    /// a stack about to overflow and a cancellation; <see cref="CompiledWasmInstance.Interrupt"/> tells them apart.
    /// </summary>
    private void EmitInterruptCheck()
    {
        var ok = _il.DefineLabel();
        _il.Emit(OpCodes.Ldloca, _probe!);
        _il.Emit(OpCodes.Conv_U);
        LoadInstance();
        _il.Emit(OpCodes.Volatile);
        _il.Emit(OpCodes.Ldfld, StackLimitField);
        _il.Emit(OpCodes.Bge_Un, ok);
        LoadInstance();
        _il.Emit(OpCodes.Ldloca, _probe!);
        _il.Emit(OpCodes.Conv_U);
        _il.Emit(OpCodes.Call, InterruptMethod);
        _il.MarkLabel(ok);
    }

    /// <summary>Translates one instruction; returns true when it ends reachable code (br, return).</summary>
    private bool Step(byte opcode, ref WasmReader reader)
    {
        switch (opcode)
        {
            case 0x02: // block
            case 0x03: // loop
            {
                var result = BlockType(reader.ReadByte());
                SpillAll();
                var control = new Control { Kind = opcode == 0x02 ? Kind.Block : Kind.Loop, Label = _il.DefineLabel(), Height = _operands.Count, Result = result };
                _controls.Add(control);
                if (control.Kind == Kind.Loop)
                {
                    _il.MarkLabel(control.Label);
                    EmitInterruptCheck();
                }
                return false;
            }
            case 0x04: // if
            {
                var result = BlockType(reader.ReadByte());
                PopConditionAlone();
                var control = new Control { Kind = Kind.If, Label = _il.DefineLabel(), Else = _il.DefineLabel(), Height = _operands.Count, Result = result };
                _il.Emit(OpCodes.Brfalse, control.Else);
                _controls.Add(control);
                return false;
            }
            case 0x05: // else
            {
                var control = _controls[^1];
                if (!control.Unreachable)
                {
                    StoreResult(control);
                    _il.Emit(OpCodes.Br, control.Label);
                }
                _il.MarkLabel(control.Else);
                control.ElseMarked = true;
                control.Unreachable = false;
                Truncate(control.Height);
                return false;
            }
            case 0x0b: // end
                End();
                return false;
            case 0x0c: // br
            {
                var target = _controls[^(1 + (int)reader.ReadU32())];
                if (target.LabelType is { } type)
                {
                    Materialize(1);
                    _il.Emit(OpCodes.Stloc, Slot(target.Height, type));
                    Pop(1);
                }
                for (; _onStack > 0; _onStack--)
                {
                    _il.Emit(OpCodes.Pop);
                }
                _il.Emit(OpCodes.Br, target.Label);
                return true;
            }
            case 0x0d: // br_if
            {
                var target = _controls[^(1 + (int)reader.ReadU32())];
                PopConditionAlone();
                if (target.LabelType is not { } type)
                {
                    _il.Emit(OpCodes.Brtrue, target.Label);
                    return false;
                }
                var fallThrough = _il.DefineLabel();
                _il.Emit(OpCodes.Brfalse, fallThrough);
                int top = _operands.Count - 1;
                if (top != target.Height)
                {
                    _il.Emit(OpCodes.Ldloc, Slot(top, type));
                    _il.Emit(OpCodes.Stloc, Slot(target.Height, type));
                }
                _il.Emit(OpCodes.Br, target.Label);
                _il.MarkLabel(fallThrough);
                return false;
            }
            case 0x0f: // return
            {
                var function = _controls[0];
                if (function.Result is { } type)
                {
                    Materialize(1);
                    _il.Emit(OpCodes.Stloc, Slot(0, type));
                    Pop(1);
                }
                for (; _onStack > 0; _onStack--)
                {
                    _il.Emit(OpCodes.Pop);
                }
                _il.Emit(OpCodes.Br, function.Label);
                return true;
            }
            case 0x10: // call
                Call(reader.ReadU32());
                return false;
            case 0x11: // call_indirect
            {
                uint typeIndex = reader.ReadU32();
                reader.ReadByte();
                var type = _module.Types[(int)typeIndex];
                Materialize(type.Parameters.Count + 1);
                LoadInstance();
                _il.Emit(OpCodes.Call, _builder.Dispatcher(typeIndex));
                Pop(type.Parameters.Count + 1);
                PushResult(type.Result);
                ReloadMemory();
                return false;
            }
            case 0x1a: // drop
                if (_onStack > 0)
                {
                    _il.Emit(OpCodes.Pop);
                }
                Pop(1);
                return false;
            case 0x20: // local.get
            {
                int index = (int)reader.ReadU32();
                LoadLocal(index);
                Push(_localTypes[index]);
                return false;
            }
            case 0x21: // local.set
            case 0x22: // local.tee
            {
                int index = (int)reader.ReadU32();
                Materialize(1);
                if (opcode == 0x22)
                {
                    _il.Emit(OpCodes.Dup);
                }
                StoreLocal(index);
                if (opcode == 0x21)
                {
                    Pop(1);
                }
                return false;
            }
            case 0x3f: // memory.size
                reader.ReadByte();
                _il.Emit(OpCodes.Ldloc, _memory);
                _il.Emit(OpCodes.Ldlen);
                _il.Emit(OpCodes.Conv_I4);
                _il.Emit(OpCodes.Ldc_I4, 16);
                _il.Emit(OpCodes.Shr_Un);
                Push(WasmValueType.I32);
                return false;
            case 0x40: // memory.grow
                reader.ReadByte();
                Materialize(1);
                LoadInstance();
                _il.Emit(OpCodes.Call, Op(nameof(WasmOps.Grow)));
                ReloadMemory();
                return false;
            case 0x41: // i32.const
                _il.Emit(OpCodes.Ldc_I4, reader.ReadS32());
                Push(WasmValueType.I32);
                return false;
            case 0x42: // i64.const
                _il.Emit(OpCodes.Ldc_I8, reader.ReadS64());
                Push(WasmValueType.I64);
                return false;
            case >= 0x28 and <= 0x3e:
                reader.ReadU32();
                MemoryAccess(opcode, reader.ReadU32());
                return false;
            default:
                Numeric(opcode);
                return false;
        }
    }

    private void End()
    {
        var control = _controls[^1];
        _controls.RemoveAt(_controls.Count - 1);
        if (control.Kind == Kind.Loop)
        {
            // Reached only by falling through: the result, if any, is already the top operand.
            if (control.Unreachable)
            {
                Truncate(control.Height);
                PushSpilled(control.Result);
            }
            return;
        }
        if (!control.Unreachable)
        {
            StoreResult(control);
        }
        if (control.Kind == Kind.If && !control.ElseMarked)
        {
            _il.MarkLabel(control.Else);
        }
        _il.MarkLabel(control.Label);
        Truncate(control.Height);
        if (control.Kind == Kind.Function)
        {
            if (!_builder.IsLeaf[_function])
            {
                LoadInstance();
                _il.Emit(OpCodes.Call, Op(nameof(WasmOps.Leave)));
            }
            if (control.Result is { } type)
            {
                _il.Emit(OpCodes.Ldloc, Slot(0, type));
            }
            _il.Emit(OpCodes.Ret);
            return;
        }
        PushSpilled(control.Result);
    }

    /// <summary>On a path reaching a block's end: the result goes to the block's slot; nothing else is on the IL stack.</summary>
    private void StoreResult(Control control)
    {
        if (control.Result is { } type)
        {
            if (_operands.Count - 1 == control.Height && _operands[^1].Spilled)
            {
                // Already in the slot.
            }
            else
            {
                Materialize(1);
                _il.Emit(OpCodes.Stloc, Slot(control.Height, type));
            }
            Pop(1);
        }
        for (; _onStack > 0; _onStack--)
        {
            _il.Emit(OpCodes.Pop);
        }
    }

    /// <summary>Leaves the popped i32 condition alone on the IL stack, with every other operand spilled.</summary>
    private void PopConditionAlone()
    {
        Materialize(1);
        Pop(1);
        if (_onStack > 0)
        {
            var condition = Temporary(0, WasmValueType.I32);
            _il.Emit(OpCodes.Stloc, condition);
            SpillAll();
            _il.Emit(OpCodes.Ldloc, condition);
        }
    }

    private void Call(uint callee)
    {
        var type = _module.Types[(int)_module.TypeIndexOf(callee)];
        int count = type.Parameters.Count;
        Materialize(count);
        if (callee < (uint)_module.Imports.Count)
        {
            for (int i = count - 1; i >= 0; i--)
            {
                _il.Emit(OpCodes.Stloc, Temporary(i, type.Parameters[i]));
            }
            EmitHostCall(_il, type, (int)callee, i => _il.Emit(OpCodes.Ldloc, Temporary(i, type.Parameters[i])), LoadInstance);
        }
        else
        {
            LoadInstance();
            _il.Emit(OpCodes.Call, _builder.Function(callee));
        }
        Pop(count);
        PushResult(type.Result);
        if (_builder.MayReplaceMemory[callee])
        {
            ReloadMemory();
        }
    }

    /// <summary>
    /// Calls import <paramref name="import"/> through <see cref="WasmOps.CallHost"/>: the arguments, loaded by
    /// <paramref name="loadArgument"/>, widened to 64-bit slots in an array; the result narrowed back.
    /// </summary>
    public static void EmitHostCall(ILGenerator il, WasmFunctionType type, int import, Action<int> loadArgument, Action loadInstance)
    {
        il.Emit(OpCodes.Ldc_I4, type.Parameters.Count);
        il.Emit(OpCodes.Newarr, typeof(long));
        for (int i = 0; i < type.Parameters.Count; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            loadArgument(i);
            if (type.Parameters[i] == WasmValueType.I32)
            {
                il.Emit(OpCodes.Conv_I8);
            }
            il.Emit(OpCodes.Stelem_I8);
        }
        il.Emit(OpCodes.Ldc_I4, import);
        loadInstance();
        il.Emit(OpCodes.Call, Op(nameof(WasmOps.CallHost)));
        switch (type.Result)
        {
            case null:
                il.Emit(OpCodes.Pop);
                break;
            case WasmValueType.I32:
                il.Emit(OpCodes.Conv_I4);
                break;
        }
    }

    private void MemoryAccess(byte opcode, uint offset)
    {
        bool store = opcode >= 0x36;
        Materialize(store ? 2 : 1);
        _il.Emit(OpCodes.Ldloc, _memory);
        _il.Emit(OpCodes.Ldc_I4, unchecked((int)offset));
        string helper = opcode switch
        {
            0x28 => nameof(WasmOps.LoadI32),
            0x29 => nameof(WasmOps.LoadI64),
            0x2c or 0x30 => nameof(WasmOps.LoadS8),
            0x2d or 0x31 => nameof(WasmOps.LoadU8),
            0x2e or 0x32 => nameof(WasmOps.LoadS16),
            0x2f or 0x33 => nameof(WasmOps.LoadU16),
            0x34 => nameof(WasmOps.LoadI32),
            0x35 => nameof(WasmOps.LoadU32),
            0x36 => nameof(WasmOps.StoreI32),
            0x37 => nameof(WasmOps.StoreI64),
            0x3a => nameof(WasmOps.Store8),
            0x3b => nameof(WasmOps.Store16),
            0x3c => nameof(WasmOps.Store8I64),
            0x3d => nameof(WasmOps.Store16I64),
            0x3e => nameof(WasmOps.Store32I64),
            _ => throw new InvalidOperationException($"opcode 0x{opcode:x2} is not a load or store"),
        };
        _il.Emit(OpCodes.Call, Op(helper));
        if (store)
        {
            Pop(2);
            return;
        }
        Pop(1);
        // i64 loads of narrower values: the helpers return the i32 of the value, extended here as the opcode says.
        switch (opcode)
        {
            case 0x30 or 0x32 or 0x34:
                _il.Emit(OpCodes.Conv_I8);
                break;
            case 0x31 or 0x33:
                _il.Emit(OpCodes.Conv_U8);
                break;
        }
        Push(opcode is 0x28 or (>= 0x2c and <= 0x2f) ? WasmValueType.I32 : WasmValueType.I64);
    }

    private void Numeric(byte opcode)
    {
        switch (opcode)
        {
            case 0x45: // i32.eqz
            case 0x50: // i64.eqz
                Materialize(1);
                if (opcode == 0x45)
                {
                    _il.Emit(OpCodes.Ldc_I4_0);
                }
                else
                {
                    _il.Emit(OpCodes.Ldc_I8, 0L);
                }
                _il.Emit(OpCodes.Ceq);
                Pop(1);
                Push(WasmValueType.I32);
                return;
            case >= 0x46 and <= 0x4f:
            case >= 0x51 and <= 0x5a:
                Materialize(2);
                Compare(opcode >= 0x51 ? opcode - 0x51 : opcode - 0x46);
                Pop(2);
                Push(WasmValueType.I32);
                return;
            case >= 0x67 and <= 0x69: Unary(BitCounts[opcode - 0x67], WasmValueType.I32); return; // i32.clz, ctz, popcnt
            case >= 0x79 and <= 0x7b: Unary(BitCounts[3 + opcode - 0x79], WasmValueType.I64); return; // i64.clz, ctz, popcnt
            case 0xa7: Convert(OpCodes.Conv_I4, WasmValueType.I32); return; // i32.wrap_i64
            case 0xac: Convert(OpCodes.Conv_I8, WasmValueType.I64); return; // i64.extend_i32_s
            case 0xad: Convert(OpCodes.Conv_U8, WasmValueType.I64); return; // i64.extend_i32_u
            case >= 0x6a and <= 0x78:
                Materialize(2);
                Binary(opcode - 0x6a, WasmValueType.I32);
                Pop(2);
                Push(WasmValueType.I32);
                return;
            case >= 0x7c and <= 0x8a:
                Materialize(2);
                Binary(opcode - 0x7c, WasmValueType.I64);
                Pop(2);
                Push(WasmValueType.I64);
                return;
            default:
                throw new WasmFormatException(_module.Name, $"code section: function {_function}", $"opcode 0x{opcode:x2} is not supported by the compiler");
        }
    }

    /// <summary>eq, ne, lt_s, lt_u, gt_s, gt_u, le_s, le_u, ge_s, ge_u (in opcode order) as an i32 0 or 1.</summary>
    private void Compare(int which)
    {
        (OpCode op, bool negate) = which switch
        {
            0 => (OpCodes.Ceq, false),
            1 => (OpCodes.Ceq, true),
            2 => (OpCodes.Clt, false),
            3 => (OpCodes.Clt_Un, false),
            4 => (OpCodes.Cgt, false),
            5 => (OpCodes.Cgt_Un, false),
            6 => (OpCodes.Cgt, true),
            7 => (OpCodes.Cgt_Un, true),
            8 => (OpCodes.Clt, true),
            _ => (OpCodes.Clt_Un, true),
        };
        _il.Emit(op);
        if (negate)
        {
            _il.Emit(OpCodes.Ldc_I4_0);
            _il.Emit(OpCodes.Ceq);
        }
    }

    /// <summary>add, sub, mul, div_s, div_u, rem_s, rem_u, and, or, xor, shl, shr_s, shr_u, rotl, rotr (in opcode order).</summary>
    private void Binary(int which, WasmValueType type)
    {
        bool wide = type == WasmValueType.I64;
        switch (which)
        {
            case 0: _il.Emit(OpCodes.Add); return;
            case 1: _il.Emit(OpCodes.Sub); return;
            case 2: _il.Emit(OpCodes.Mul); return;
            case 3: _il.Emit(OpCodes.Call, Op(wide ? nameof(WasmOps.DivS64) : nameof(WasmOps.DivS32))); return;
            case 4: _il.Emit(OpCodes.Call, Op(wide ? nameof(WasmOps.DivU64) : nameof(WasmOps.DivU32))); return;
            case 5: _il.Emit(OpCodes.Call, Op(wide ? nameof(WasmOps.RemS64) : nameof(WasmOps.RemS32))); return;
            case 6: _il.Emit(OpCodes.Call, Op(wide ? nameof(WasmOps.RemU64) : nameof(WasmOps.RemU32))); return;
            case 7: _il.Emit(OpCodes.And); return;
            case 8: _il.Emit(OpCodes.Or); return;
            case 9: _il.Emit(OpCodes.Xor); return;
        }
        if (which >= 13)
        {
            _il.Emit(OpCodes.Call, Rotations[(wide ? 2 : 0) + (which - 13)]);
            return;
        }
        // Shift counts are taken modulo the width (§4.3.2); IL leaves larger counts unspecified.
        if (wide)
        {
            _il.Emit(OpCodes.Conv_I4);
        }
        _il.Emit(OpCodes.Ldc_I4, wide ? 63 : 31);
        _il.Emit(OpCodes.And);
        _il.Emit(which switch { 10 => OpCodes.Shl, 11 => OpCodes.Shr, _ => OpCodes.Shr_Un });
    }

    private void Unary(MethodInfo method, WasmValueType type)
    {
        Materialize(1);
        _il.Emit(OpCodes.Call, method);
        if (type == WasmValueType.I64)
        {
            _il.Emit(OpCodes.Conv_I8);
        }
        Pop(1);
        Push(type);
    }

    private void Convert(OpCode conversion, WasmValueType result)
    {
        Materialize(1);
        _il.Emit(conversion);
        Pop(1);
        Push(result);
    }

    // The operand model.

    private void Push(WasmValueType type)
    {
        _operands.Add(new Operand { Type = type });
        _onStack++;
    }

    private void PushResult(WasmValueType? type)
    {
        if (type is { } t)
        {
            Push(t);
        }
    }

    private void PushSpilled(WasmValueType? type)
    {
        if (type is { } t)
        {
            _operands.Add(new Operand { Type = t, Spilled = true });
        }
    }

    /// <summary>Removes the top <paramref name="count"/> operands from the model; those on the IL stack have been consumed.</summary>
    private void Pop(int count)
    {
        _operands.RemoveRange(_operands.Count - count, count);
        _onStack = Math.Max(0, _onStack - count);
    }

    private void Truncate(int height)
    {
        if (_operands.Count > height)
        {
            _operands.RemoveRange(height, _operands.Count - height);
        }
        _onStack = 0;
    }

    /// <summary>Stores every operand on the IL stack in its slot, leaving the IL stack empty.</summary>
    private void SpillAll()
    {
        for (int i = _operands.Count - 1; _onStack > 0; i--, _onStack--)
        {
            _il.Emit(OpCodes.Stloc, Slot(i, _operands[i].Type));
            _operands[i] = _operands[i] with { Spilled = true };
        }
    }

    /// <summary>Puts the top <paramref name="count"/> operands on the IL stack, in order.</summary>
    private void Materialize(int count)
    {
        if (_onStack >= count)
        {
            return;
        }
        SpillAll();
        for (int i = _operands.Count - count; i < _operands.Count; i++)
        {
            _il.Emit(OpCodes.Ldloc, Slot(i, _operands[i].Type));
            _operands[i] = _operands[i] with { Spilled = false };
        }
        _onStack = count;
    }

    private LocalBuilder Slot(int height, WasmValueType type)
    {
        if (!_slots.TryGetValue((height, type), out var local))
        {
            local = _il.DeclareLocal(ClrType(type));
            _slots.Add((height, type), local);
        }
        return local;
    }

    private LocalBuilder Temporary(int index, WasmValueType type)
    {
        if (!_temporaries.TryGetValue((index, type), out var local))
        {
            local = _il.DeclareLocal(ClrType(type));
            _temporaries.Add((index, type), local);
        }
        return local;
    }

    private void LoadLocal(int index)
    {
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Ldarg, (short)index);
        }
        else
        {
            _il.Emit(OpCodes.Ldloc, _locals[index]);
        }
    }

    private void StoreLocal(int index)
    {
        if (index < _parameterCount)
        {
            _il.Emit(OpCodes.Starg, (short)index);
        }
        else
        {
            _il.Emit(OpCodes.Stloc, _locals[index]);
        }
    }

    private void LoadInstance() => _il.Emit(OpCodes.Ldarg, (short)_parameterCount);

    private void ReloadMemory()
    {
        LoadInstance();
        _il.Emit(OpCodes.Ldfld, MemoryField);
        _il.Emit(OpCodes.Stloc, _memory);
    }

    private static readonly Dictionary<string, MethodInfo> Ops =
        typeof(WasmOps).GetMethods(BindingFlags.Public | BindingFlags.Static).ToDictionary(m => m.Name, StringComparer.Ordinal);

    private static readonly MethodInfo[] BitCounts =
    [
        Bits(nameof(BitOperations.LeadingZeroCount), typeof(uint)),
        Bits(nameof(BitOperations.TrailingZeroCount), typeof(uint)),
        Bits(nameof(BitOperations.PopCount), typeof(uint)),
        Bits(nameof(BitOperations.LeadingZeroCount), typeof(ulong)),
        Bits(nameof(BitOperations.TrailingZeroCount), typeof(ulong)),
        Bits(nameof(BitOperations.PopCount), typeof(ulong)),
    ];

    // Rotations call helpers the JIT may not inline: inlined, .NET 10's JIT has been seen to branch on the flags
    // of a rotate by a constant as if the rotate had set them (a zero result read as non-zero). circom's code
    // rarely rotates, so the call costs nothing that matters.
    private static readonly MethodInfo[] Rotations =
    [
        Op(nameof(WasmOps.RotateLeft32)),
        Op(nameof(WasmOps.RotateRight32)),
        Op(nameof(WasmOps.RotateLeft64)),
        Op(nameof(WasmOps.RotateRight64)),
    ];

    private static MethodInfo Op(string name) => Ops[name];

    private static MethodInfo Bits(string name, params Type[] parameters) => typeof(BitOperations).GetMethod(name, parameters)!;

    private static WasmValueType? BlockType(byte b) => b == 0x40 ? null : (WasmValueType)b;

    /// <summary>Reads past an instruction's immediates (§5.4), other than a block type.</summary>
    public static void SkipImmediates(byte opcode, ref WasmReader reader)
    {
        switch (opcode)
        {
            case 0x0c or 0x0d or 0x10 or 0x20 or 0x21 or 0x22:
                reader.ReadU32();
                break;
            case 0x11:
                reader.ReadU32();
                reader.ReadByte();
                break;
            case 0x3f or 0x40:
                reader.ReadByte();
                break;
            case 0x41:
                reader.ReadS32();
                break;
            case 0x42:
                reader.ReadS64();
                break;
            case >= 0x28 and <= 0x3e:
                reader.ReadU32();
                reader.ReadU32();
                break;
        }
    }
}
