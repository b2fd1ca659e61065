using System.Reflection;
using System.Runtime.CompilerServices;
using System.Reflection.Emit;

namespace CredentialHub.WebAssembly.Compiler;

/// <summary>Calls a compiled function with its arguments as 64-bit slots; returns its result as a slot, or 0.</summary>
internal delegate long WasmEntryPoint(ReadOnlySpan<long> arguments, CompiledWasmInstance instance);

/// <summary>
/// A validated module compiled to IL: a dynamic assembly with one static method per defined function, taking the
/// WebAssembly parameters as int/long and the <see cref="CompiledWasmInstance"/> last, so that calls between functions
/// are direct calls the JIT turns into machine calls. <c>call_indirect</c> goes through one dispatcher per function
/// type, a <c>switch</c> over the table (which WebAssembly 1.0 cannot change after instantiation). The compiled module
/// holds no per-run state: any number of instances, each with its own memory, may run it at once.
/// Two lifetimes (<see cref="Compile(WasmModule, bool)"/>): an unloadable (collectible) assembly goes when the module
/// is no longer referenced, and the runtime compiles each of its methods fully optimised on first call, since tiered
/// compilation does not apply to collectible code; the service uses it, and prepares the methods in the background at
/// load (<see cref="PrepareInBackground"/>). An assembly that lives as long as the process gets tiered compilation: a
/// quick first JIT of each method (a circom module has large functions that run once, such as the one that writes the
/// constants), the hot ones optimised later; the command line, which runs the module once, uses it.
/// </summary>
public sealed class CompiledWasmModule
{
    private readonly Type _type;
    private readonly WasmEntryPoint?[] _entries;
    private readonly int[] _parameterCounts;
    private byte[]? _spareMemory;

    private CompiledWasmModule(WasmModule module, Type type, int frameReserve)
    {
        Module = module;
        _type = type;
        _entries = new WasmEntryPoint?[module.Bodies.Count];
        _parameterCounts = new int[module.FunctionCount];
        for (uint f = 0; f < _parameterCounts.Length; f++)
        {
            _parameterCounts[f] = module.Types[(int)module.TypeIndexOf(f)].Parameters.Count;
        }
        FrameReserve = frameReserve;
    }

    public WasmModule Module { get; }

    /// <summary>Whether the compiled assembly is collectible, unloaded with this module (<see cref="Compile(WasmModule, bool)"/>).</summary>
    internal bool Unloadable => _type.Assembly.IsCollectible;

    /// <summary>Stack bytes kept free below the stack check for the largest compiled frame.</summary>
    public int FrameReserve { get; }

    /// <summary>Compiles a module that <see cref="WasmValidator"/> accepted.</summary>
    /// <param name="module">The module.</param>
    /// <param name="unloadable">A collectible assembly, unloaded with the module, its methods compiled fully optimised;
    /// otherwise one that stays loaded until the process ends, its methods under tiered compilation (see the type).</param>
    public static CompiledWasmModule Compile(WasmModule module, bool unloadable = true)
    {
        var builder = new Builder(module, unloadable);
        int frameReserve = 0;
        for (int i = 0; i < module.Bodies.Count; i++)
        {
            uint function = (uint)(module.Imports.Count + i);
            frameReserve = Math.Max(frameReserve, WasmFunctionEmitter.Emit(builder, function, builder.Function(function).GetILGenerator()));
            builder.EmitEntryPoint(function);
        }
        return new CompiledWasmModule(module, builder.CreateType(), frameReserve);
    }

    /// <summary>A new instance: fresh memory, the given host functions and limits.</summary>
    public CompiledWasmInstance Instantiate(IReadOnlyDictionary<string, WasmHostFunction> imports, WasmInstanceOptions? options = null) =>
        new(this, imports, options);

    /// <summary>
    /// Has the JIT compile every function on a background thread, largest first. The JIT compiles a function on its
    /// first call otherwise, and circom's largest functions (tens of thousands of constant copies) take a good part
    /// of the first run; started at load, this work overlaps with whatever comes next, and a function already being
    /// compiled here is waited for, not compiled twice.
    /// </summary>
    public Task PrepareInBackground(CancellationToken cancellation = default) => Task.Run(
        () =>
        {
            var order = Enumerable.Range(0, Module.Bodies.Count).OrderByDescending(i => Module.Bodies[i].Code.Length);
            foreach (int i in order)
            {
                cancellation.ThrowIfCancellationRequested();
                RuntimeHelpers.PrepareMethod(_type.GetMethod($"f{Module.Imports.Count + i}")!.MethodHandle);
            }
        },
        cancellation);

    /// <summary>
    /// A fresh memory for a new instance (see <see cref="WasmInstantiation.InitialMemory"/>), reusing the array of a
    /// disposed instance when it still has the initial size: a circuit's memory is megabytes, and allocating it for
    /// every run keeps the garbage collector busy with large-object collections.
    /// </summary>
    internal byte[] InitialMemory(uint maxPagesOption, out int maxPages)
    {
        byte[]? spare = Interlocked.Exchange(ref _spareMemory, null);
        return WasmInstantiation.InitialMemory(Module, maxPagesOption, out maxPages, spare);
    }

    /// <summary>
    /// Takes back the memory of a disposed instance. It is cleared at once: it held a run's private inputs and
    /// witness, which must not outlive the run.
    /// </summary>
    internal void ReturnMemory(byte[] memory)
    {
        if (memory.Length > 0 && memory.LongLength == (long)Module.Memory!.Minimum * WasmInstantiation.PageSize)
        {
            Array.Clear(memory);
            Volatile.Write(ref _spareMemory, memory);
        }
    }

    /// <summary>
    /// The machine entry of defined function <paramref name="function"/>, for unmanaged-calling-convention-free
    /// <c>delegate*</c> calls from code that knows its signature; valid while this module is referenced.
    /// </summary>
    public nint FunctionPointer(uint function)
    {
        if (function < (uint)Module.Imports.Count || function >= (uint)Module.FunctionCount)
        {
            throw new ArgumentOutOfRangeException(nameof(function), $"function {function} is not a defined function of {Module.Name}");
        }
        return _type.GetMethod($"f{function}")!.MethodHandle.GetFunctionPointer();
    }

    /// <summary>The number of parameters of function <paramref name="function"/>; throws when there is no such function.</summary>
    internal int ParameterCount(uint function) =>
        function < (uint)_parameterCounts.Length
            ? _parameterCounts[function]
            : throw new ArgumentOutOfRangeException(nameof(function), $"{Module.Name} has {_parameterCounts.Length} functions");

    /// <summary>The entry point of defined function <paramref name="function"/> (an index in the function index space).</summary>
    internal WasmEntryPoint EntryPoint(uint function)
    {
        int index = (int)(function - (uint)Module.Imports.Count);
        var entry = Volatile.Read(ref _entries[index]);
        if (entry is null)
        {
            entry = _type.GetMethod(Builder.EntryName(function))!.CreateDelegate<WasmEntryPoint>();
            entry = Interlocked.CompareExchange(ref _entries[index], entry, null) ?? entry;
        }
        return entry;
    }

    /// <summary>The methods of a module being compiled: every function declared up front so that bodies can call any of them.</summary>
    internal sealed class Builder
    {
        private readonly Dictionary<int, MethodBuilder> _dispatchers = [];
        private readonly int[] _canonicalTypes;
        private readonly TypeBuilder _type;
        private readonly MethodBuilder[] _functions;

        public Builder(WasmModule module, bool unloadable)
        {
            Module = module;
            _canonicalTypes = WasmInstantiation.CanonicalTypes(module);
            MayReplaceMemory = MemoryEffects(module, out bool[] leaves);
            IsLeaf = leaves;
            var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName($"CredentialHub.Wasm.{Guid.NewGuid():N}"), unloadable ? AssemblyBuilderAccess.RunAndCollect : AssemblyBuilderAccess.Run);
            var ignoreChecks = typeof(System.Runtime.CompilerServices.IgnoresAccessChecksToAttribute).GetConstructor([typeof(string)])!;
            assembly.SetCustomAttribute(new CustomAttributeBuilder(ignoreChecks, [typeof(CompiledWasmModule).Assembly.GetName().Name!]));
            _type = assembly.DefineDynamicModule("wasm").DefineType("Module", TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed);
            _functions = new MethodBuilder[module.Bodies.Count];
            for (int i = 0; i < _functions.Length; i++)
            {
                uint function = (uint)(module.Imports.Count + i);
                _functions[i] = NewMethod($"f{function}", module.Types[(int)module.FunctionTypeIndices[i]], []);
            }
        }

        public WasmModule Module { get; }

        /// <summary>
        /// For each function, whether a call to it may replace the memory array (a <c>memory.grow</c> in it or in
        /// anything it may call): after other calls, compiled code keeps its copy of the memory reference.
        /// </summary>
        public bool[] MayReplaceMemory { get; }

        public static string EntryName(uint function) => $"entry{function}";

        /// <summary>The method of defined function <paramref name="function"/> (an index in the function index space).</summary>
        public MethodBuilder Function(uint function) => _functions[(int)(function - (uint)Module.Imports.Count)];

        public Type CreateType() => _type.CreateType();

        /// <summary>A <see cref="WasmEntryPoint"/> for <paramref name="function"/>: arguments from 64-bit slots, the result widened to one.</summary>
        public void EmitEntryPoint(uint function)
        {
            var type = Module.Types[(int)Module.TypeIndexOf(function)];
            var method = _type.DefineMethod(EntryName(function), MethodAttributes.Public | MethodAttributes.Static, typeof(long), [typeof(ReadOnlySpan<long>), typeof(CompiledWasmInstance)]);
            var il = method.GetILGenerator();
            var item = typeof(ReadOnlySpan<long>).GetProperty("Item")!.GetGetMethod()!;
            for (int i = 0; i < type.Parameters.Count; i++)
            {
                il.Emit(OpCodes.Ldarga_S, (byte)0);
                il.Emit(OpCodes.Ldc_I4, i);
                il.Emit(OpCodes.Call, item);
                il.Emit(OpCodes.Ldind_I8);
                if (type.Parameters[i] == WasmValueType.I32)
                {
                    il.Emit(OpCodes.Conv_I4);
                }
            }
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, Function(function));
            switch (type.Result)
            {
                case null:
                    il.Emit(OpCodes.Ldc_I8, 0L);
                    break;
                case WasmValueType.I32:
                    il.Emit(OpCodes.Conv_I8);
                    break;
            }
            il.Emit(OpCodes.Ret);
        }

        /// <summary>The call_indirect dispatcher for type <paramref name="typeIndex"/>: (parameters…, element, instance) → result.</summary>
        public MethodBuilder Dispatcher(uint typeIndex)
        {
            if (!_dispatchers.TryGetValue((int)typeIndex, out var dispatcher))
            {
                dispatcher = NewMethod($"dispatch{typeIndex}", Module.Types[(int)typeIndex], [typeof(int)]);
                _dispatchers.Add((int)typeIndex, dispatcher);
                EmitDispatcher(dispatcher, (int)typeIndex);
            }
            return dispatcher;
        }

        /// <summary>One dispatcher per type index of the instructions, so that a mismatch names that index; types match structurally.</summary>
        private void EmitDispatcher(MethodBuilder method, int typeIndex)
        {
            var type = Module.Types[typeIndex];
            int canonical = _canonicalTypes[typeIndex];
            short count = (short)type.Parameters.Count;
            short element = count;
            short instance = (short)(count + 1);
            var table = WasmInstantiation.Table(Module);
            int used = Array.FindLastIndex(table, f => f != uint.MaxValue) + 1;
            var il = method.GetILGenerator();

            var inRange = il.DefineLabel();
            il.Emit(OpCodes.Ldarg, element);
            il.Emit(OpCodes.Ldc_I4, table.Length);
            il.Emit(OpCodes.Blt_Un, inRange);
            il.Emit(OpCodes.Ldarg, element);
            il.Emit(OpCodes.Ldc_I4, table.Length);
            il.Emit(OpCodes.Call, typeof(WasmOps).GetMethod(nameof(WasmOps.TableOutOfBounds))!);
            il.Emit(OpCodes.Throw);
            il.MarkLabel(inRange);

            var uninitialized = il.DefineLabel();
            var cases = new Label[used];
            for (int j = 0; j < used; j++)
            {
                cases[j] = il.DefineLabel();
            }
            il.Emit(OpCodes.Ldarg, element);
            il.Emit(OpCodes.Switch, cases);
            il.Emit(OpCodes.Br, uninitialized);
            for (int j = 0; j < used; j++)
            {
                il.MarkLabel(cases[j]);
                uint function = table[j];
                if (function == uint.MaxValue)
                {
                    il.Emit(OpCodes.Br, uninitialized);
                    continue;
                }
                if (_canonicalTypes[Module.TypeIndexOf(function)] != canonical)
                {
                    il.Emit(OpCodes.Ldarg, element);
                    il.Emit(OpCodes.Ldc_I4, (int)function);
                    il.Emit(OpCodes.Ldc_I4, typeIndex);
                    il.Emit(OpCodes.Call, typeof(WasmOps).GetMethod(nameof(WasmOps.TableTypeMismatch))!);
                    il.Emit(OpCodes.Throw);
                    continue;
                }
                if (function < (uint)Module.Imports.Count)
                {
                    WasmFunctionEmitter.EmitHostCall(il, type, (int)function, i => il.Emit(OpCodes.Ldarg, (short)i), () => il.Emit(OpCodes.Ldarg, instance));
                }
                else
                {
                    for (short i = 0; i < count; i++)
                    {
                        il.Emit(OpCodes.Ldarg, i);
                    }
                    il.Emit(OpCodes.Ldarg, instance);
                    il.Emit(OpCodes.Call, Function(function));
                }
                il.Emit(OpCodes.Ret);
            }
            il.MarkLabel(uninitialized);
            il.Emit(OpCodes.Ldarg, element);
            il.Emit(OpCodes.Call, typeof(WasmOps).GetMethod(nameof(WasmOps.TableUninitialized))!);
            il.Emit(OpCodes.Throw);
        }

        /// <summary>
        /// For each function, whether it neither calls nor loops: its run time is bounded by its length, and its one
        /// frame fits in the stack reserve kept below the limit its caller checked, so it needs no interrupt check.
        /// </summary>
        public bool[] IsLeaf { get; }

        /// <summary>
        /// <see cref="MayReplaceMemory"/>: imports (the host may call back in), functions with <c>memory.grow</c> or
        /// <c>call_indirect</c>, and, to a fixed point, every function that calls one of those; and <see cref="IsLeaf"/>.
        /// </summary>
        private static bool[] MemoryEffects(WasmModule module, out bool[] leaves)
        {
            int imports = module.Imports.Count;
            var may = new bool[module.FunctionCount];
            leaves = new bool[module.FunctionCount];
            var callees = new List<uint>[module.Bodies.Count];
            for (int i = 0; i < imports; i++)
            {
                may[i] = true;
            }
            for (int i = 0; i < module.Bodies.Count; i++)
            {
                var body = module.Bodies[i];
                callees[i] = [];
                bool leaf = true;
                var reader = new WasmReader(body.Code, body.CodeOffset, module.Name, $"code section: function {imports + i}");
                while (!reader.AtEnd)
                {
                    byte opcode = reader.ReadByte();
                    switch (opcode)
                    {
                        case 0x02 or 0x03 or 0x04:
                            leaf &= opcode != 0x03;
                            reader.ReadByte();
                            break;
                        case 0x10:
                            leaf = false;
                            callees[i].Add(reader.ReadU32());
                            break;
                        case 0x11 or 0x40:
                            leaf &= opcode != 0x11;
                            may[imports + i] = true;
                            WasmFunctionEmitter.SkipImmediates(opcode, ref reader);
                            break;
                        default:
                            WasmFunctionEmitter.SkipImmediates(opcode, ref reader);
                            break;
                    }
                }
                leaves[imports + i] = leaf;
            }
            for (bool changed = true; changed;)
            {
                changed = false;
                for (int i = 0; i < callees.Length; i++)
                {
                    if (!may[imports + i] && callees[i].Exists(callee => may[callee]))
                    {
                        may[imports + i] = true;
                        changed = true;
                    }
                }
            }
            return may;
        }

        private MethodBuilder NewMethod(string name, WasmFunctionType type, Type[] extra)
        {
            var parameters = type.Parameters.Select(WasmFunctionEmitter.ClrType).Concat(extra).Append(typeof(CompiledWasmInstance)).ToArray();
            var result = type.Result is { } r ? WasmFunctionEmitter.ClrType(r) : typeof(void);
            return _type.DefineMethod(name, MethodAttributes.Public | MethodAttributes.Static, result, parameters);
        }
    }
}
