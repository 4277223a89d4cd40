// MSBuild task (compiled by RoslynCodeTaskFactory): makes libLibTorchSharp.so load on systems whose libstdc++ is
// older than the one TorchSharp 0.107.0 was linked against (Debian 12 stops at GLIBCXX_3.4.30; the library
// declares a need for GLIBCXX_3.4.32 for one marker symbol, std::ios_base_library_init(), that is never called).
//
// What it does, on the given ELF files only (the copies in the build or publish output, never the NuGet cache):
// read the system libstdc++'s version definitions (SHT_GNU_verdef), then, in the file's version needs
// (SHT_GNU_verneed), set VER_FLG_WEAK on every libstdc++ need whose version the system does not define. A weak
// version need that is missing is not an error for the glibc loader. The edit is idempotent (a flag set twice is
// set once) and is skipped when the system defines every needed version (nothing needed) or is not Linux.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxNeeds : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    static readonly string[] LibStdCxxCandidates =
    {
        "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6", "/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
    };

    public override bool Execute()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return true;
        var system = LibStdCxxCandidates.FirstOrDefault(File.Exists);
        if (system == null)
        {
            Log.LogMessage(MessageImportance.Low, "WeakenGlibcxxNeeds: no system libstdc++ found; nothing to do.");
            return true;
        }
        var defined = new HashSet<string>(ReadVersionDefinitions(File.ReadAllBytes(system)));
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            if (!File.Exists(path)) continue;
            var bytes = File.ReadAllBytes(path);
            var weakened = WeakenMissing(bytes, defined);
            if (weakened.Count == 0) continue;
            var tmp = path + ".weaken.tmp";
            File.WriteAllBytes(tmp, bytes);
            File.Copy(tmp, path, overwrite: true);
            File.Delete(tmp);
            Log.LogMessage(MessageImportance.High,
                $"WeakenGlibcxxNeeds: {Path.GetFileName(path)}: marked weak {string.Join(", ", weakened)} (not in {system})");
        }
        return true;
    }

    sealed class Section
    {
        public Section(uint type, ulong offset, ulong size, uint link) { Type = type; Offset = offset; Size = size; Link = link; }
        public uint Type { get; }
        public ulong Offset { get; }
        public ulong Size { get; }
        public uint Link { get; }
    }

    static List<Section> Sections(byte[] b)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            throw new InvalidDataException("not a little-endian ELF64 file");
        ulong shoff = BitConverter.ToUInt64(b, 0x28);
        ushort shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        var list = new List<Section>();
        for (int i = 0; i < shnum; i++)
        {
            int o = checked((int)(shoff + (ulong)(i * shentsize)));
            list.Add(new Section(BitConverter.ToUInt32(b, o + 4), BitConverter.ToUInt64(b, o + 0x18),
                BitConverter.ToUInt64(b, o + 0x20), BitConverter.ToUInt32(b, o + 0x28)));
        }
        return list;
    }

    static string CString(byte[] b, ulong at)
    {
        int start = checked((int)at), end = start;
        while (b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, start, end - start);
    }

    // Elf64_Verdef: vd_version(2) vd_flags(2) vd_ndx(2) vd_cnt(2) vd_hash(4) vd_aux(4) vd_next(4);
    // Elf64_Verdaux: vda_name(4) vda_next(4).
    static IEnumerable<string> ReadVersionDefinitions(byte[] b)
    {
        var sections = Sections(b);
        foreach (var s in sections.Where(s => s.Type == ShtGnuVerdef))
        {
            var strtab = sections[(int)s.Link];
            ulong at = s.Offset;
            while (true)
            {
                uint aux = BitConverter.ToUInt32(b, (int)at + 12), next = BitConverter.ToUInt32(b, (int)at + 16);
                yield return CString(b, strtab.Offset + BitConverter.ToUInt32(b, (int)(at + aux)));
                if (next == 0) break;
                at += next;
            }
        }
    }

    // Elf64_Verneed: vn_version(2) vn_cnt(2) vn_file(4) vn_aux(4) vn_next(4);
    // Elf64_Vernaux: vna_hash(4) vna_flags(2) vna_other(2) vna_name(4) vna_next(4).
    static List<string> WeakenMissing(byte[] b, HashSet<string> defined)
    {
        var weakened = new List<string>();
        var sections = Sections(b);
        foreach (var s in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var strtab = sections[(int)s.Link];
            ulong at = s.Offset;
            while (true)
            {
                ushort count = BitConverter.ToUInt16(b, (int)at + 2);
                string file = CString(b, strtab.Offset + BitConverter.ToUInt32(b, (int)at + 4));
                uint aux = BitConverter.ToUInt32(b, (int)at + 8), next = BitConverter.ToUInt32(b, (int)at + 12);
                ulong a = at + aux;
                for (int i = 0; i < count; i++)
                {
                    string name = CString(b, strtab.Offset + BitConverter.ToUInt32(b, (int)a + 8));
                    int flagsAt = (int)a + 4;
                    ushort flags = BitConverter.ToUInt16(b, flagsAt);
                    if (file.StartsWith("libstdc++") && !defined.Contains(name) && (flags & VerFlgWeak) == 0)
                    {
                        var set = (ushort)(flags | VerFlgWeak);
                        b[flagsAt] = (byte)(set & 0xff);
                        b[flagsAt + 1] = (byte)(set >> 8);
                        weakened.Add(name);
                    }
                    uint anext = BitConverter.ToUInt32(b, (int)a + 12);
                    if (anext == 0) break;
                    a += anext;
                }
                if (next == 0) break;
                at += next;
            }
        }
        return weakened;
    }
}
