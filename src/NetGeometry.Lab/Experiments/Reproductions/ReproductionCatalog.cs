using NetGeometry.Engine;

namespace NetGeometry.Experiments.Reproductions;

/// <summary>
/// Every reproduction in this library, found by reflection (each public, non-abstract class implementing
/// <see cref="IReproduction"/>), sorted by name, so adding one touches no list.
/// </summary>
public static class ReproductionCatalog
{
    public static IReadOnlyList<IReproduction> All { get; } = typeof(IReproduction).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true } && typeof(IReproduction).IsAssignableFrom(t))
        .Select(t => (IReproduction)Activator.CreateInstance(t)!)
        .OrderBy(r => r.Name, StringComparer.Ordinal)
        .ToList();

    public static IReproduction Find(string name) =>
        All.FirstOrDefault(r => r.Name == name)
        ?? throw new InputException($"no reproduction named '{name}'; choose one of {string.Join(", ", All.Select(r => r.Name))} (netgeo reproduce --list).");
}
