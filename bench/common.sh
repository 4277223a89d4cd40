# Sourced by the bench scripts that time netgeo beside the peer: builds the CLI, defines netgeo and load, and prints
# the machine line (cores, CPU model, date) that every figure in docs/benchmarks.md is reported with.
netgeo() { dotnet src/NetGeometry.Cli/bin/Release/net10.0/netgeo.dll "$@"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
dotnet build src/NetGeometry.Cli -c Release -v quiet -nologo >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u '+%Y-%m-%d %H:%M UTC')"
