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
/// <see cref="MaxBytes"/>; larger answers are only streamed.
/// </summary>
public sealed class TreeAnswers
{
    public const int MaxBytes = 4 * 1024 * 1024;
    private const int Slots = 16;

    /// <summary>The body is written and handed to the server in pieces of about this size (each piece is one flush).</summary>
    public const int BytesPerFlush = 64 * 1024;

    // The tree is held weakly: the engine holds it while it is the day's kept tree, which is when it can be found; an answer
    // must not keep a replaced engine (a plan's structure changed) alive until its slot is reused.
    private sealed record Answer(WeakReference<TreeFigures> Tree, int MaxDepth, PlanTitles? Titles, byte[][] Pieces);

    private readonly Answer?[] _slots = new Answer?[Slots];
    private int _next;

    /// <summary>Writes nodes from a node index into the buffer until about <see cref="BytesPerFlush"/> bytes are written or
    /// the tree ends (then the answer's closing too); returns the next node index, or the node count when done.</summary>
    public delegate int WriteFrom(IBufferWriter<byte> buffer, int node);

    /// <summary>Sends the answer: the kept pieces if these figures (and titles) were written before; otherwise written
    /// now, a piece at a time (each piece sent as it is written, so the network and the writing overlap), and kept
    /// unless larger than <see cref="MaxBytes"/>. Pieces stay under the large-object heap's threshold.</summary>
    public async Task WriteAsync(HttpContext http, TreeFigures tree, int maxDepth, PlanTitles? titles, WriteFrom write)
    {
        var body = http.Response.BodyWriter;
        if (Find(tree, maxDepth, titles) is { } kept)
        {
            // Handed over whole, with one flush: the bytes are in memory already.
            foreach (var piece in kept) body.Write(piece);
            await body.FlushAsync(http.RequestAborted);
            return;
        }
        var pieces = new List<byte[]>();
        long total = 0;
        var buffer = new ArrayBufferWriter<byte>(BytesPerFlush + 4096);
        for (int next = 0, nodes = tree.Engine.NodeCount; next < nodes;)
        {
            buffer.ResetWrittenCount();
            next = write(buffer, next);
            total += buffer.WrittenCount;
            if (pieces is not null) pieces.Add(buffer.WrittenSpan.ToArray());
            if (total > MaxBytes) pieces = null;
            await body.WriteAsync(buffer.WrittenMemory, http.RequestAborted);
        }
        if (pieces is not null) Keep(tree, maxDepth, titles, [.. pieces]);
    }

    private byte[][]? Find(TreeFigures tree, int maxDepth, PlanTitles? titles)
    {
        foreach (var answer in _slots)
            if (answer is not null && answer.Tree.TryGetTarget(out var kept) && ReferenceEquals(kept, tree) && answer.MaxDepth == maxDepth
                && ReferenceEquals(answer.Titles, titles))
                return answer.Pieces;
        return null;
    }

    private void Keep(TreeFigures tree, int maxDepth, PlanTitles? titles, byte[][] pieces)
    {
        int slot = (int)((uint)Interlocked.Increment(ref _next) % Slots);
        Volatile.Write(ref _slots[slot], new Answer(new WeakReference<TreeFigures>(tree), maxDepth, titles, pieces));
    }
}
