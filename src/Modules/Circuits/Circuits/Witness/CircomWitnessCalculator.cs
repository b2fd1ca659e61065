using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using CredentialHub.Circuits.Contracts;
using CredentialHub.Circuits.Inputs;
using CredentialHub.WebAssembly;
using CredentialHub.WebAssembly.Compiler;
using CredentialHub.WebAssembly.Interpreter;

namespace CredentialHub.Circuits.Witness;

/// <summary>
/// Computes a circom 2 witness by running its witness-calculator WebAssembly, following circom_runtime's
/// <c>WitnessCalculatorCircom2</c> (FORMATS.md §7, "Protocol"). The module is decoded, validated, checked against
/// the circom 2 ABI and compiled once; each <see cref="Calculate(ReadOnlySpan{byte}, CancellationToken)"/> runs in a
/// fresh instance with its own memory, because a run consumes the module's input counters, so one calculator serves
/// any number of concurrent runs. Only the BN254 scalar field is accepted: a module compiled for another prime is refused.
/// </summary>
internal sealed class CircomWitnessCalculator
{
    private const int FieldWords = 8;

    /// <summary>The host imports circom 2 may declare (module "runtime"), with their types.</summary>
    private static readonly Dictionary<string, WasmFunctionType> KnownImports = new(StringComparer.Ordinal)
    {
        ["exceptionHandler"] = Signature([WasmValueType.I32], null),
        ["printErrorMessage"] = Signature([], null),
        ["writeBufferMessage"] = Signature([], null),
        ["showSharedRWMemory"] = Signature([], null),
        ["printDebug"] = Signature([WasmValueType.I32], null),
    };

    /// <summary>The exports the protocol calls, with their types; <c>getMessageChar</c> is added when a message import exists.</summary>
    private static readonly Dictionary<string, WasmFunctionType> RequiredExports = new(StringComparer.Ordinal)
    {
        ["getVersion"] = Signature([], WasmValueType.I32),
        ["getFieldNumLen32"] = Signature([], WasmValueType.I32),
        ["getRawPrime"] = Signature([], null),
        ["readSharedRWMemory"] = Signature([WasmValueType.I32], WasmValueType.I32),
        ["writeSharedRWMemory"] = Signature([WasmValueType.I32, WasmValueType.I32], null),
        ["init"] = Signature([WasmValueType.I32], null),
        ["getInputSize"] = Signature([], WasmValueType.I32),
        ["getInputSignalSize"] = Signature([WasmValueType.I32, WasmValueType.I32], WasmValueType.I32),
        ["setInputSignal"] = Signature([WasmValueType.I32, WasmValueType.I32, WasmValueType.I32], null),
        ["getWitnessSize"] = Signature([], WasmValueType.I32),
        ["getWitness"] = Signature([WasmValueType.I32], null),
    };

    private static readonly WasmFunctionType MessageCharType = Signature([], WasmValueType.I32);

    private readonly WasmModule _module;
    private readonly CompiledWasmModule? _compiled;
    private readonly LoweredFunction[]? _interpreted;
    private readonly uint _maxPages;

    /// <summary>Decodes, validates, ABI-checks and compiles a circuit.wasm; throws <see cref="WasmFormatException"/> if it cannot be used.</summary>
    /// <param name="wasm">The module bytes.</param>
    /// <param name="name">The module's name for messages, e.g. its file name.</param>
    /// <param name="maxPages">The memory cap in 64 KiB pages for each run.</param>
    /// <param name="engine">The engine that runs the module.</param>
    /// <param name="prepare">With the compiled engine, have the JIT compile all functions in the background now
    /// (<see cref="CompiledWasmModule.PrepareInBackground"/>) rather than each on its first call.</param>
    /// <param name="unloadable">With the compiled engine, compile to an assembly that is unloaded with the calculator
    /// (the service); otherwise to one that stays until the process ends and gets tiered compilation, quicker for a
    /// process that computes one witness (<see cref="CompiledWasmModule.Compile(WasmModule, bool)"/>).</param>
    public CircomWitnessCalculator(byte[] wasm, string name, uint maxPages = 16384, WasmEngineKind engine = WasmEngineKind.Compiled, bool prepare = false,
        bool unloadable = true)
    {
        _module = WasmDecoder.Decode(wasm, name);
        WasmValidator.Validate(_module);
        CheckAbi(_module);
        if (engine == WasmEngineKind.Compiled)
        {
            _compiled = CompiledWasmModule.Compile(_module, unloadable);
            if (prepare)
            {
                PrepareInBackground();
            }
        }
        else
        {
            _interpreted = InterpreterLowering.LowerAll(_module);
        }
        _maxPages = maxPages;
    }

    /// <summary>
    /// With the compiled engine, has the JIT compile all functions in the background now rather than each on its first
    /// call (<see cref="CompiledWasmModule.PrepareInBackground"/>); nothing with the interpreter.
    /// </summary>
    public Task PrepareInBackground()
    {
        // Best effort: a failure here resurfaces as the same failure on the function's first call.
        return _compiled?.PrepareInBackground().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default) ?? Task.CompletedTask;
    }

    /// <inheritdoc cref="Calculate(ReadOnlySpan{byte}, ICollection{string}?, CancellationToken)"/>
    public BigInteger[] Calculate(ReadOnlySpan<byte> inputJson, CancellationToken cancellation) => Calculate(inputJson, null, cancellation);

    /// <summary>
    /// Computes the witness for an input document (read by <see cref="CircuitInputs.Parse"/>): the values in r1cs
    /// wire order, each in [0, r). Throws <see cref="InputException"/> for inputs the circuit does not accept,
    /// <see cref="CircuitException"/> when the circuit aborts (a failed assert is code 4),
    /// <see cref="WasmTrapException"/> on a trap and <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    /// <param name="inputJson">The input JSON document.</param>
    /// <param name="log">Receives the lines the circuit prints with <c>log</c>, when given.</param>
    /// <param name="cancellation">Stops the run.</param>
    public BigInteger[] Calculate(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        return Calculate(CircuitInputs.Parse(inputJson), log, cancellation);
    }

    /// <summary>
    /// As <see cref="Calculate(ReadOnlySpan{byte}, ICollection{string}?, CancellationToken)"/>, for inputs already read
    /// (<see cref="CircuitInputs.Read"/>).
    /// </summary>
    public BigInteger[] Calculate(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellation)
    {
        var words = CalculateWords(inputs, log, cancellation);
        try
        {
            var witness = new BigInteger[words.Count / FieldWords];
            for (int i = 0; i < witness.Length; i++)
            {
                witness[i] = new BigInteger(MemoryMarshal.AsBytes(words.AsSpan(FieldWords * i, FieldWords)), isUnsigned: true, isBigEndian: false);
            }
            return witness;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(words.Array!, clearArray: true);
        }
    }

    /// <summary>
    /// As <see cref="Calculate(ReadOnlySpan{byte}, ICollection{string}?, CancellationToken)"/>, but returns the
    /// witness as a .wtns file (<see cref="WtnsWriter"/>), written straight from the words the circuit hands out.
    /// </summary>
    public byte[] CalculateWtns(ReadOnlySpan<byte> inputJson, ICollection<string>? log, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        return CalculateWtns(CircuitInputs.Parse(inputJson), log, cancellation);
    }

    /// <inheritdoc cref="CalculateWtns(ReadOnlySpan{byte}, ICollection{string}?, CancellationToken)"/>
    public byte[] CalculateWtns(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellation)
    {
        var words = CalculateWords(inputs, log, cancellation);
        try
        {
            return WtnsWriter.Write(words);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(words.Array!, clearArray: true);
        }
    }

    /// <summary>
    /// As <see cref="Calculate(IReadOnlyList{InputSignal}, ICollection{string}?, CancellationToken)"/>, but returns the
    /// witness as field elements for a prover (<see cref="ProofSystems.Contracts.Witness"/>: 32 little-endian bytes per value), copied straight
    /// from the words the circuit hands out.
    /// </summary>
    public ProofSystems.Contracts.Witness CalculateWitness(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellation)
    {
        var words = CalculateWords(inputs, log, cancellation);
        try
        {
            var bytes = new byte[words.Count * sizeof(uint)];
            for (int i = 0; i < words.Count; i++)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * sizeof(uint)), words[i]);
            }
            return new ProofSystems.Contracts.Witness("witness", CircuitInputs.FieldModulus, FieldWords * sizeof(uint), bytes);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(words.Array!, clearArray: true);
        }
    }

    /// <summary>
    /// The witness as 8 little-endian 32-bit words per value, each value checked to lie in [0, r), in an array
    /// rented from <see cref="ArrayPool{T}.Shared"/> that the caller returns cleared.
    /// </summary>
    private ArraySegment<uint> CalculateWords(IReadOnlyList<InputSignal> inputs, ICollection<string>? log, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var run = new Run(log);
        var options = new WasmInstanceOptions { MaxPages = _maxPages, Cancellation = cancellation };
        if (_compiled is not null)
        {
            // The whole protocol runs on one WebAssembly thread, so its many small calls need no thread switch.
            using var instance = _compiled.Instantiate(run.Imports(), options);
            return WasmThread.Run(() => Calculate(instance, inputs, run), _compiled.FrameReserve);
        }
        return Calculate(new WasmInstance(_module, _interpreted!, run.Imports(), options), inputs, run);
    }

    /// <summary>
    /// What the module declares before any input, as circom_runtime's constructor reads it: its prime
    /// (<c>getRawPrime</c>) and its witness size (<c>getWitnessSize</c>), from a fresh instance. Throws
    /// <see cref="WasmFormatException"/> for a module that is not circom 2 or whose field is not 8 words wide,
    /// <see cref="WasmTrapException"/> or <see cref="CircuitException"/> when these calls fail, and
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public (BigInteger Prime, int WitnessSize) ReadDeclarations(CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var run = new Run(null);
        var options = new WasmInstanceOptions { MaxPages = _maxPages, Cancellation = cancellation };
        if (_compiled is not null)
        {
            using var instance = _compiled.Instantiate(run.Imports(), options);
            return WasmThread.Run(() => ReadDeclarations(instance), _compiled.FrameReserve);
        }
        return ReadDeclarations(new WasmInstance(_module, _interpreted!, run.Imports(), options));
    }

    private (BigInteger Prime, int WitnessSize) ReadDeclarations(IWasmInstance instance)
    {
        var prime = ReadPrime(instance);
        long witnessSize = instance.Invoke("getWitnessSize");
        if ((int)witnessSize < 1)
        {
            throw new WasmFormatException(_module.Name, "circom ABI", $"getWitnessSize() returned {(int)witnessSize}; a witness holds at least the constant 1");
        }
        return (prime, (int)witnessSize);
    }

    /// <summary>Checks the ABI version and field width, then reads the prime (FORMATS.md §7, "Protocol", step 1).</summary>
    private BigInteger ReadPrime(IWasmInstance instance)
    {
        long version = instance.Invoke("getVersion");
        if ((int)version != 2)
        {
            throw new WasmFormatException(_module.Name, "circom ABI", $"getVersion() returned {(int)version}; only circom 2 modules are supported");
        }
        int fieldWords = (int)instance.Invoke("getFieldNumLen32");
        if (fieldWords != FieldWords)
        {
            throw new WasmFormatException(_module.Name, "circom ABI", $"the field has {fieldWords} 32-bit words; the BN254 scalar field has {FieldWords}");
        }
        instance.Invoke("getRawPrime");
        return ReadShared(instance);
    }

    private ArraySegment<uint> Calculate(IWasmInstance instance, IReadOnlyList<InputSignal> inputs, Run run)
    {
        var prime = ReadPrime(instance);
        if (prime != CircuitInputs.FieldModulus)
        {
            throw new WasmFormatException(_module.Name, "circom ABI", $"the circuit's prime is {prime}, not the BN254 scalar field modulus r; compile it with -p bn128");
        }
        instance.Invoke("init", 0);

        int inputSize = (int)instance.Invoke("getInputSize");
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0;
        foreach (var signal in inputs)
        {
            var (msb, lsb) = SignalHash.SplitOf(signal.Name);
            int size = (int)instance.Invoke("getInputSignalSize", msb, lsb);
            if (size <= 0)
            {
                // An unknown name reads as size 0 (FORMATS.md §7, step 4); no input signal has size 0.
                throw new InputException(signal.Name, null, "is not an input of this circuit");
            }
            if (sizes.TryAdd(signal.Name, size))
            {
                total += size;
            }
        }
        CircuitInputs.Match(inputs, sizes);
        if (total != inputSize)
        {
            throw new InputException("", null, $"the circuit has {inputSize} input values but the document gives {total}; an input signal is missing");
        }

        // The circuit runs inside the setInputSignal call that sets the last input (FORMATS.md §7, step 5).
        foreach (var signal in inputs)
        {
            var (msb, lsb) = SignalHash.SplitOf(signal.Name);
            for (int i = 0; i < signal.Values.Length; i++)
            {
                if (signal.Values[i].Sign < 0 || signal.Values[i] >= prime)
                {
                    // Inputs read by CircuitInputs are in the field already; a caller's own must be too.
                    throw new InputException(signal.Name, signal.IndexPath(i) is { Length: > 0 } index ? index : null, "is not below the field modulus r");
                }
                WriteShared(instance, signal.Values[i]);
                instance.Invoke("setInputSignal", msb, lsb, i);
            }
        }

        long witnessSize = instance.Invoke("getWitnessSize");
        // Every witness value lives in linear memory (40 bytes each in circom's layout), so a count the memory
        // cannot hold comes from a damaged module: refuse it before allocating.
        if (witnessSize < 1 || witnessSize > instance.Memory.Length / 32)
        {
            throw new WasmTrapException($"getWitnessSize returned {witnessSize}, which {instance.Memory.Length} bytes of memory cannot hold");
        }
        var buffer = ArrayPool<uint>.Shared.Rent((int)witnessSize * FieldWords);
        try
        {
            var words = new ArraySegment<uint>(buffer, 0, (int)witnessSize * FieldWords);
            ReadWitness(instance, words);
            run.Flush();
            return words;
        }
        catch
        {
            ArrayPool<uint>.Shared.Return(buffer, clearArray: true);
            throw;
        }
    }

    private void ReadWitness(IWasmInstance instance, Span<uint> words)
    {
        int witnessSize = words.Length / FieldWords;
        uint getWitness = instance.ExportedFunction("getWitness");
        uint readShared = instance.ExportedFunction("readSharedRWMemory");
        if (instance is CompiledWasmInstance compiled && getWitness >= _module.Imports.Count && readShared >= _module.Imports.Count)
        {
            ReadWitness(compiled, getWitness, readShared, words);
        }
        else
        {
            for (int i = 0; i < witnessSize; i++)
            {
                instance.Invoke(getWitness, i);
                for (int j = 0; j < FieldWords; j++)
                {
                    words[FieldWords * i + j] = (uint)instance.Invoke(readShared, j);
                }
            }
        }
        for (int i = 0; i < witnessSize; i++)
        {
            if (!WtnsWriter.IsCanonical(words.Slice(FieldWords * i, FieldWords)))
            {
                throw new WasmTrapException($"the circuit gave witness value {i} outside [0, r)");
            }
        }
    }

    /// <summary>
    /// The read-out on the compiled engine: half a million calls for a 2^16 witness, so they go straight to the
    /// compiled functions (their types were checked in <see cref="CheckAbi"/>) rather than through
    /// <see cref="IWasmInstance.Invoke(uint, ReadOnlySpan{long})"/>. This runs on the instance's WebAssembly
    /// thread after earlier calls, so the stack limit and cancellation are in place.
    /// </summary>
    private static unsafe void ReadWitness(CompiledWasmInstance instance, uint getWitness, uint readShared, Span<uint> words)
    {
        var select = (delegate*<int, CompiledWasmInstance, void>)instance.Module.FunctionPointer(getWitness);
        var read = (delegate*<int, CompiledWasmInstance, int>)instance.Module.FunctionPointer(readShared);
        for (int i = 0; i < words.Length / FieldWords; i++)
        {
            select(i, instance);
            for (int j = 0; j < FieldWords; j++)
            {
                words[FieldWords * i + j] = (uint)read(j, instance);
            }
        }
    }

    /// <summary>Reads a field element from the shared RW area: word j is the j-th least-significant 32-bit limb.</summary>
    private static BigInteger ReadShared(IWasmInstance instance) => ReadShared(instance, instance.ExportedFunction("readSharedRWMemory"));

    private static BigInteger ReadShared(IWasmInstance instance, uint readShared)
    {
        Span<byte> bytes = stackalloc byte[4 * FieldWords];
        for (int j = 0; j < FieldWords; j++)
        {
            uint word = (uint)instance.Invoke(readShared, j);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes[(4 * j)..], word);
        }
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: false);
    }

    private static void WriteShared(IWasmInstance instance, BigInteger value)
    {
        Span<byte> bytes = stackalloc byte[4 * FieldWords];
        bytes.Clear();
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        for (int j = 0; j < FieldWords; j++)
        {
            instance.Invoke("writeSharedRWMemory", j, BinaryPrimitives.ReadUInt32LittleEndian(bytes[(4 * j)..]));
        }
    }

    private static void CheckAbi(WasmModule module)
    {
        bool hasExceptionHandler = false;
        bool hasMessages = false;
        foreach (var import in module.Imports)
        {
            var type = module.Types[(int)import.TypeIndex];
            if (import.Module != "runtime" || !KnownImports.TryGetValue(import.Name, out var expected))
            {
                throw new WasmFormatException(module.Name, "circom ABI", $"import \"{import.Module}.{import.Name}\" is not part of the circom 2 runtime");
            }
            if (!SameType(type, expected))
            {
                throw new WasmFormatException(module.Name, "circom ABI", $"import \"runtime.{import.Name}\" has type {Show(type)}, expected {Show(expected)}");
            }
            hasExceptionHandler |= import.Name == "exceptionHandler";
            hasMessages |= import.Name is "printErrorMessage" or "writeBufferMessage";
        }
        if (!hasExceptionHandler)
        {
            throw new WasmFormatException(module.Name, "circom ABI", "the module does not import runtime.exceptionHandler");
        }
        var required = RequiredExports.AsEnumerable();
        if (hasMessages)
        {
            required = required.Append(new("getMessageChar", MessageCharType));
        }
        foreach (var (name, expected) in required)
        {
            var export = module.FindExport(name);
            if (export is not { Kind: WasmExportKind.Function })
            {
                throw new WasmFormatException(module.Name, "circom ABI", $"the module does not export the function \"{name}\"");
            }
            var type = module.Types[(int)module.TypeIndexOf(export.Index)];
            if (!SameType(type, expected))
            {
                throw new WasmFormatException(module.Name, "circom ABI", $"export \"{name}\" has type {Show(type)}, expected {Show(expected)}");
            }
        }
    }

    private static WasmFunctionType Signature(WasmValueType[] parameters, WasmValueType? result) => new(parameters, result);

    private static bool SameType(WasmFunctionType a, WasmFunctionType b) => a.Result == b.Result && a.Parameters.SequenceEqual(b.Parameters);

    private static string Show(WasmFunctionType type) =>
        $"({string.Join(", ", type.Parameters.Select(p => p.ToString().ToLowerInvariant()))}) -> ({type.Result?.ToString().ToLowerInvariant()})";

    /// <summary>The host side of one run: the error text and log lines the module prints, as circom_runtime collects them.</summary>
    private sealed class Run(ICollection<string>? log)
    {
        /// <summary>More characters than the module's 256-byte message buffer can hold ends a message.</summary>
        private const int MaxMessageLength = 4096;

        private static readonly string[] CodeTexts =
        [
            "Signal not found.",
            "Too many signals set.",
            "Signal already set.",
            "Assert Failed.",
            "Not enough memory.",
            "Input signal array access exceeds the size.",
        ];

        private readonly StringBuilder _errors = new();
        private readonly StringBuilder _line = new();

        public Dictionary<string, WasmHostFunction> Imports() => new(StringComparer.Ordinal)
        {
            ["runtime.exceptionHandler"] = (_, arguments) => throw Abort((int)arguments[0]),
            ["runtime.printErrorMessage"] = (instance, _) =>
            {
                _errors.Append(Message(instance)).Append('\n');
                return 0;
            },
            ["runtime.writeBufferMessage"] = (instance, _) =>
            {
                var message = Message(instance);
                if (message == "\n")
                {
                    Flush();
                }
                else
                {
                    Append(message);
                }
                return 0;
            },
            ["runtime.showSharedRWMemory"] = (instance, _) =>
            {
                Append(ReadShared(instance).ToString());
                return 0;
            },
            ["runtime.printDebug"] = (_, _) => 0,
        };

        public void Flush()
        {
            if (_line.Length > 0)
            {
                log?.Add(_line.ToString());
                _line.Clear();
            }
        }

        private void Append(string text)
        {
            if (_line.Length > 0)
            {
                _line.Append(' ');
            }
            _line.Append(text);
        }

        private CircuitException Abort(int code)
        {
            string text = code >= 1 && code <= CodeTexts.Length ? CodeTexts[code - 1] : $"Unknown error code {code}.";
            string details = _errors.ToString().Trim();
            return new CircuitException(code, details.Length == 0 ? text : $"{text} {details}");
        }

        /// <summary>Drains <c>getMessageChar</c> until it returns 0; each byte is one character, as in the JS glue.</summary>
        private static string Message(IWasmInstance instance)
        {
            var text = new StringBuilder();
            for (int c; text.Length < MaxMessageLength && (c = (int)instance.Invoke("getMessageChar")) != 0;)
            {
                text.Append((char)(c & 0xff));
            }
            return text.ToString();
        }
    }
}
