/// The penalty rules of §7.8.3 that choose the mask: long runs, 2×2 blocks, finder look-alikes and imbalance.
extension Matrix {
    var penalty: Int {
        var result = 0
        for line in 0..<size {
            result += linePenalty { self[$0, line] }
            result += linePenalty { self[line, $0] }
        }
        for y in 0..<size - 1 {
            for x in 0..<size - 1 {
                let colour = self[x, y]
                if colour == self[x + 1, y] && colour == self[x, y + 1] && colour == self[x + 1, y + 1] { result += 3 }
            }
        }
        let dark = modules.count { $0 }
        let total = size * size
        result += ((abs(dark * 20 - total * 10) + total - 1) / total - 1) * 10
        return result
    }

    /// Runs of five or more (3 + 1 per extra module) and 1:1:3:1:1 patterns with four light modules beside (40).
    private func linePenalty(_ module: (Int) -> Bool) -> Int {
        var result = 0
        var colour = false
        var run = 0
        var history = [Int](repeating: 0, count: 7)
        for index in 0..<size {
            if module(index) == colour {
                run += 1
                if run == 5 { result += 3 } else if run > 5 { result += 1 }
            } else {
                addHistory(run, &history)
                if !colour { result += finderLikePatterns(history) * 40 }
                colour = module(index)
                run = 1
            }
        }
        if colour {
            addHistory(run, &history)
            run = 0
        }
        addHistory(run + size, &history)
        return result + finderLikePatterns(history) * 40
    }

    private func addHistory(_ run: Int, _ history: inout [Int]) {
        let length = history[0] == 0 ? run + size : run
        history.removeLast()
        history.insert(length, at: 0)
    }

    private func finderLikePatterns(_ history: [Int]) -> Int {
        let n = history[1]
        let core = n > 0 && history[2] == n && history[3] == n * 3 && history[4] == n && history[5] == n
        return (core && history[0] >= n * 4 && history[6] >= n ? 1 : 0) + (core && history[6] >= n * 4 && history[0] >= n ? 1 : 0)
    }
}
