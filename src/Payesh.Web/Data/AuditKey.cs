using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using Payesh.Web.Infrastructure;

namespace Payesh.Web.Data;

/// <summary>
/// The secret that keys the audit chain (HMAC-SHA256) and signs its checkpoints, and where those
/// checkpoints are written. Both live OUTSIDE the database (docs/operations.md § audit key): whoever can
/// edit the database but not read this key cannot recompute a valid chain. Sources, first found:
/// <c>Payesh:Audit:Key</c> (base64, at least 32 bytes: for several instances, give each the same), else the
/// file <c>Payesh:Audit:KeyFile</c> (default <c>{data folder}/audit.key</c>), created on first start with
/// 32 random bytes and owner-only permissions.
/// </summary>
public sealed class AuditKey
{
    public const int MinimumBytes = 32;
    private readonly byte[] _key;

    public AuditKey(byte[] key, string checkpointFile, string? keyFile = null)
    {
        if (key.Length < MinimumBytes) throw new InvalidOperationException($"The audit key must have at least {MinimumBytes} bytes.");
        _key = key;
        CheckpointFile = checkpointFile;
        KeyFile = keyFile;
    }

    /// <summary>Where signed checkpoints (entry count and head hash) are kept; see <see cref="AuditCheckpoints"/>.</summary>
    public string CheckpointFile { get; }

    /// <summary>The key's file, or null when the key came from configuration.</summary>
    public string? KeyFile { get; }

    /// <summary>The same key with its checkpoints elsewhere (to verify a backup, which has its own).</summary>
    public AuditKey WithCheckpointFile(string checkpointFile) => new(_key, checkpointFile, KeyFile);

    /// <summary>HMAC-SHA256 of the text's UTF-8 bytes, in lower-case hex. Called once per audit entry in the report
    /// committer: the bytes go through a stack or pooled buffer, not a new array per entry.</summary>
    public string Mac(string text)
    {
        int most = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = most > 1024 ? System.Buffers.ArrayPool<byte>.Shared.Rent(most) : null;
        try
        {
            Span<byte> bytes = rented is null ? stackalloc byte[1024] : rented;
            int length = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(_key, bytes[..length], mac);
            return Convert.ToHexStringLower(mac);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static AuditKey Load(IConfiguration config, IHostEnvironment env)
    {
        var provider = DatabaseSetup.Provider(config);
        var connectionString = DatabaseSetup.ConnectionString(config, env, provider);
        var folder = DataFolder(config, env, provider, connectionString);
        var checkpoint = config["Payesh:Audit:CheckpointFile"] is { Length: > 0 } c
            ? c
            : Path.Combine(folder, $"audit-checkpoint.{DatabaseName(provider, connectionString)}.json");

        if (config["Payesh:Audit:Key"] is { Length: > 0 } configured)
            return new AuditKey(Convert.FromBase64String(configured), checkpoint);
        var file = config["Payesh:Audit:KeyFile"] is { Length: > 0 } f ? f : Path.Combine(folder, "audit.key");
        return new AuditKey(ReadOrCreate(file), checkpoint, file);
    }

    /// <summary><c>Payesh:DataFolder</c>; else the SQLite file's folder; else <c>App_Data</c> under the content root.</summary>
    public static string DataFolder(IConfiguration config, IHostEnvironment env, DatabaseProvider provider, string connectionString)
    {
        if (config["Payesh:DataFolder"] is { Length: > 0 } folder) return folder;
        if (provider == DatabaseProvider.Sqlite
            && Path.GetDirectoryName(Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)) is { Length: > 0 } dir)
            return dir;
        return Path.Combine(env.ContentRootPath, "App_Data");
    }

    private static string DatabaseName(DatabaseProvider provider, string connectionString)
    {
        var name = provider == DatabaseProvider.Sqlite
            ? Path.GetFileNameWithoutExtension(new SqliteConnectionStringBuilder(connectionString).DataSource)
            : new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";
        return string.Concat(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_'));
    }

    private static byte[] ReadOrCreate(string file)
    {
        if (File.Exists(file)) return Read(file);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var key = RandomNumberGenerator.GetBytes(MinimumBytes);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(file, options))
            using (var writer = new StreamWriter(stream))
                writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            // Another instance created it first: use theirs.
            Thread.Sleep(50);
            return Read(file);
        }
    }

    private static byte[] Read(string file)
    {
        var key = Convert.FromBase64String(File.ReadAllText(file).Trim());
        if (key.Length < MinimumBytes) throw new InvalidOperationException($"The audit key file {file} holds fewer than {MinimumBytes} bytes.");
        return key;
    }
}
