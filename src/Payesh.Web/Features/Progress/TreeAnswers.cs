using System.Buffers;
using Payesh.Domain.Progress;

namespace Payesh.Web.Features.Progress;

/// <summary>
/// The last few whole-tree answers as the bytes sent (issue 14): between two reports every call for a day asks the same
/// figures, and writing a node's doubles costs more than the rest of the call. An answer is found only for the very
/// figures it was written from — the engine's kept tree of that day (<see cref="ProgressEngine.EvaluateKept"/>), which
/// the engine replaces with a new tree, brought up to date, when a report reaches back to that day — and, for a CSV, the
/// very titles (kept per plan structure, <see cref="PlanEngine.TitlesAsync"/>); codes and depths belong to the engine.
/// So nothing here is invalidated by hand, and a new report is in the next answer. Bounded: a few answers, each at most
/// <see cref="MaxBytes"/>; larger trees are streamed as they are written.
/// </summary>
public sealed class TreeAnswers
{
    public const int MaxBytes = 4 * 1024 * 1024;
    private const int Slots = 16;

    /// <summary>The body is handed to the server in pieces of about this size when streamed (each piece is one flush).</summary>
    public const int BytesPerFlush = 64 * 1024;

    private sealed record Answer(TreeFigures Tree, int MaxDepth, PlanTitles? Titles, byte[] Bytes);

    private readonly Answer?[] _slots = new Answer?[Slots];
    private int _next;

    /// <summary>Writes nodes from a node index into the buffer until about <see cref="BytesPerFlush"/> bytes are written or
    /// the tree ends (then the answer's closing too); returns the next node index, or the node count when done.</summary>
    public delegate int WriteFrom(IBufferWriter<byte> buffer, int node);

    /// <summary>Sends the answer: the kept bytes if these figures (and titles) were written before, otherwise written now,
    /// into memory and kept when the tree is small enough (<paramref name="bytesPerNode"/>: a generous estimate), or
    /// streamed.</summary>
    public async Task WriteAsync(HttpContext http, TreeFigures tree, int maxDepth, PlanTitles? titles, int bytesPerNode, WriteFrom write)
    {
        var body = http.Response.BodyWriter;
        int nodes = tree.Engine.NodeCount;
        if (Find(tree, maxDepth, titles) is { } kept)
        {
            await body.WriteAsync(kept, http.RequestAborted);
            return;
        }
        if ((long)nodes * bytesPerNode <= MaxBytes)
        {
            var buffer = new ArrayBufferWriter<byte>(Math.Max(4096, nodes * bytesPerNode / 2));
            for (int next = 0; next < nodes;) next = write(buffer, next);
            var bytes = buffer.WrittenSpan.ToArray();
            Keep(tree, maxDepth, titles, bytes);
            await body.WriteAsync(bytes, http.RequestAborted);
            return;
        }
        for (int next = 0; next < nodes;)
        {
            next = write(body, next);
            await body.FlushAsync(http.RequestAborted);
        }
    }

    private byte[]? Find(TreeFigures tree, int maxDepth, PlanTitles? titles)
    {
        foreach (var answer in _slots)
            if (answer is not null && ReferenceEquals(answer.Tree, tree) && answer.MaxDepth == maxDepth && ReferenceEquals(answer.Titles, titles))
                return answer.Bytes;
        return null;
    }

    private void Keep(TreeFigures tree, int maxDepth, PlanTitles? titles, byte[] bytes)
    {
        int slot = (int)((uint)Interlocked.Increment(ref _next) % Slots);
        Volatile.Write(ref _slots[slot], new Answer(tree, maxDepth, titles, bytes));
    }
}
