namespace System.Runtime.CompilerServices;

/// <summary>
/// Lets a dynamic assembly that carries it use the internal types and members of the named assembly. The runtime
/// recognises the attribute by name; it is declared here because no public assembly defines it. Compiled WebAssembly
/// uses it to call <c>WasmOps</c> and reach the fields and methods of <c>CompiledWasmInstance</c> meant for compiled
/// code without making them public.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
internal sealed class IgnoresAccessChecksToAttribute(string assemblyName) : Attribute
{
    public string AssemblyName { get; } = assemblyName;
}
