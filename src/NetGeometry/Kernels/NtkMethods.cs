using NetGeometry.Engine;

namespace NetGeometry.Kernels;

/// <summary>The names of <see cref="NtkMethod"/> and <see cref="NtkOutput"/> values as specs and options write them.</summary>
internal static class NtkMethods
{
    public static readonly string[] Names = { "auto", "jacobian", "structured" };

    public static NtkMethod Parse(string text) => text.ToLowerInvariant() switch
    {
        "auto" => NtkMethod.Auto,
        "jacobian" or "jac" => NtkMethod.Jacobian,
        "structured" => NtkMethod.Structured,
        _ => throw new InputException($"unknown NTK method '{text}': use {string.Join(", ", Names)}."),
    };

    public static string Name(NtkMethod method) => method.ToString().ToLowerInvariant();
}
