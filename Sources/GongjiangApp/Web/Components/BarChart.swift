import Foundation
import Plot

/// A horizontal bar chart drawn on the server as SVG: no script, readable in print, and named for a screen reader by
/// its title and a description listing every value (the page also shows the same figures as a table beside it).
/// A bar may carry a marker (a target) drawn as a line across it.
struct BarChart: Component {
    struct Bar: Sendable {
        let label: String
        let value: Int64
        var marker: Int64? = nil
        var display: String? = nil
    }

    /// Unique on its page: the SVG's title and description are named by it.
    let id: String
    let title: String
    let bars: [Bar]

    // The drawing's sizes, in SVG units; the chart scales to its container's width.
    static let width = 640
    static let labelWidth = 190
    static let valueWidth = 96
    static let barHeight = 20
    static let gap = 8

    var body: Component {
        Node<HTML.BodyContext>.raw(svg)
    }

    var svg: String {
        let id = "chart-" + self.id
        let height = max(1, bars.count) * (Self.barHeight + Self.gap) + Self.gap
        let largest = max(1, bars.map { max($0.value, $0.marker ?? 0) }.max() ?? 1)
        let room = Double(Self.width - Self.labelWidth - Self.valueWidth)
        let description = bars.map { "\($0.label)：\($0.display ?? String($0.value))" + ($0.marker.map { "（目标 \($0)）" } ?? "") }.joined(separator: "；")
        var text = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(Self.width) \(height)" role="img" \
            aria-labelledby="\(id)-t \(id)-d"><title id="\(id)-t">\(Self.escaped(title))</title><desc id="\(id)-d">\(Self.escaped(description))</desc>
            """
        for (index, bar) in bars.enumerated() {
            let y = Self.gap + index * (Self.barHeight + Self.gap)
            let length = Int((Double(max(0, bar.value)) / Double(largest) * room).rounded())
            let middle = y + Self.barHeight / 2 + 5
            text += """
                <text x="\(Self.labelWidth - 8)" y="\(middle)" text-anchor="end" font-size="13">\(Self.escaped(bar.label))</text>\
                <rect x="\(Self.labelWidth)" y="\(y)" width="\(max(1, length))" height="\(Self.barHeight)" fill="#b3261e"/>\
                <text x="\(Self.labelWidth + length + 6)" y="\(middle)" font-size="13">\(Self.escaped(bar.display ?? String(bar.value)))</text>
                """
            if let marker = bar.marker {
                let x = Self.labelWidth + Int((Double(marker) / Double(largest) * room).rounded())
                text += "<line x1=\"\(x)\" x2=\"\(x)\" y1=\"\(y - 3)\" y2=\"\(y + Self.barHeight + 3)\" stroke=\"#1f2937\" stroke-width=\"3\"/>"
            }
        }
        return text + "</svg>"
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }
}
