namespace Sonae.Core.Preparedness;

/// <summary>A rectangle of the network diagram, in SVG user units (top-left origin).</summary>
public sealed record Box(int X, int Y, int Width, int Height)
{
    /// <summary>The horizontal middle.</summary>
    public int CenterX => X + (Width / 2);

    /// <summary>The vertical middle.</summary>
    public int CenterY => Y + (Height / 2);

    /// <summary>The bottom edge.</summary>
    public int Bottom => Y + Height;
}

/// <summary>A segment's box, and how many assets sit in it.</summary>
public sealed record SegmentBox(Segment Segment, Box Box, int Assets);

/// <summary>An external line's box, with the name of the party on its other end.</summary>
public sealed record LineBox(ExternalLine Line, Box Box, string? PartyName);

/// <summary>A link between two segments, drawn between their boxes.</summary>
public sealed record LinkPath(SegmentLink Link, Box From, Box To);

/// <summary>
/// Where each part of the network diagram goes. External lines (VPN, remote maintenance, internet) sit in the top
/// row, where the eye starts, each joined to the segment it ends in; internet-facing segments come next; the
/// inside segments fill the rows below, a few to a row so that the diagram fits an A4 page.
/// </summary>
public sealed record NetworkLayout(int Width, int Height, IReadOnlyList<LineBox> Lines, IReadOnlyList<SegmentBox> Segments, IReadOnlyList<LinkPath> Links)
{
    /// <summary>A box's width.</summary>
    public const int BoxWidth = 230;
    /// <summary>A box's height.</summary>
    public const int BoxHeight = 64;
    /// <summary>The space between two boxes of a row.</summary>
    public const int Gap = 40;
    /// <summary>The space between rows, where links are drawn.</summary>
    public const int RowGap = 70;
    /// <summary>The space around the diagram.</summary>
    public const int Margin = 20;
    /// <summary>Segments to a row, so that the diagram fits an A4 page.</summary>
    public const int PerRow = 3;

    /// <summary>The box of the segment with this id, if it is drawn.</summary>
    public Box? SegmentAt(string id) => Segments.FirstOrDefault(s => string.Equals(s.Segment.Id, id, StringComparison.Ordinal))?.Box;

    /// <summary>Lays out the network as the hospital drew it, counting each segment's assets and naming each line's party.</summary>
    public static NetworkLayout Of(NetworkConfiguration network, Inventory inventory, ExternalPartyList parties)
    {
        var rows = new List<List<Segment>>();
        var outside = network.Segments.Where(s => s.Kind == SegmentKind.Internet).ToList();
        // Segments where an external line ends go first, nearest the lines, so that the lines do not cross the diagram.
        var inside = network.Segments.Where(s => s.Kind != SegmentKind.Internet)
            .OrderByDescending(s => network.Lines.Any(l => string.Equals(l.Segment, s.Id, StringComparison.Ordinal)))
            .ToList();
        rows.AddRange(outside.Chunk(PerRow).Select(c => c.ToList()));
        rows.AddRange(inside.Chunk(PerRow).Select(c => c.ToList()));

        var lineRows = network.Lines.Chunk(PerRow).ToList();
        var columns = Math.Max(1, Math.Max(rows.Select(r => r.Count).DefaultIfEmpty(0).Max(), lineRows.Select(r => r.Length).DefaultIfEmpty(0).Max()));
        var width = (2 * Margin) + (columns * BoxWidth) + ((columns - 1) * Gap);

        var y = Margin;
        var lines = new List<LineBox>();
        foreach (var row in lineRows)
        {
            var x = RowStart(width, row.Length);
            foreach (var line in row)
            {
                lines.Add(new LineBox(line, new Box(x, y, BoxWidth, BoxHeight), parties.Find(line.Party)?.Name));
                x += BoxWidth + Gap;
            }
            y += BoxHeight + RowGap;
        }

        var segments = new List<SegmentBox>();
        foreach (var row in rows)
        {
            var x = RowStart(width, row.Count);
            foreach (var segment in row)
            {
                var assets = inventory.Assets.Count(a => string.Equals(a.Segment, segment.Id, StringComparison.Ordinal));
                segments.Add(new SegmentBox(segment, new Box(x, y, BoxWidth, BoxHeight), assets));
                x += BoxWidth + Gap;
            }
            y += BoxHeight + RowGap;
        }

        var boxes = segments.ToDictionary(s => s.Segment.Id, s => s.Box, StringComparer.Ordinal);
        var links = network.Links
            .Where(l => boxes.ContainsKey(l.From) && boxes.ContainsKey(l.To))
            .Select(l => new LinkPath(l, boxes[l.From], boxes[l.To]))
            .ToList();
        var height = Math.Max(y - RowGap + Margin, (2 * Margin) + BoxHeight);
        return new NetworkLayout(width, height, lines, segments, links);
    }

    /// <summary>Rows are centred: a row of two under a row of three sits in the middle.</summary>
    private static int RowStart(int width, int count) => (width - ((count * BoxWidth) + ((count - 1) * Gap))) / 2;
}
