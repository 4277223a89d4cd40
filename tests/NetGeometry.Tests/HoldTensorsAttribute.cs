using System.Reflection;
using TorchSharp;
using Xunit.Sdk;

[assembly: NetGeometry.Tests.HoldTensors]

namespace NetGeometry.Tests;

/// <summary>
/// Runs every test in a dispose scope, as netgeo runs every command and sweep cell (Engine.TensorLifetime says why):
/// tests run in parallel, so another test's allocations start garbage collections at any moment. A test that ends on
/// another thread than it began (an async one) leaves its scope open, its tensors alive: a scope belongs to its thread.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class HoldTensorsAttribute : BeforeAfterTestAttribute
{
    private static readonly AsyncLocal<(DisposeScope Scope, int Thread)?> Current = new();

    public override void Before(MethodInfo methodUnderTest) =>
        Current.Value = (torch.NewDisposeScope(), Environment.CurrentManagedThreadId);

    public override void After(MethodInfo methodUnderTest)
    {
        if (Current.Value is { } held && held.Thread == Environment.CurrentManagedThreadId) held.Scope.Dispose();
        Current.Value = null;
    }
}
