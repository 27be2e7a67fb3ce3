import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// Kernel randomness, drawn 4 KiB at a time and handed out once each.
///
/// `SystemRandomNumberGenerator` makes one system call for every value, and a large import needs three
/// random values a row (two nonces and the random part of an id): a few million system calls that showed up in
/// the import's profile. The bytes are the same kernel CSPRNG output, only fetched in bulk.
enum RandomPool {
    private static let poolSize = 4096
    private static let state = NIOLockedValueBox<(bytes: [UInt8], offset: Int)>(([UInt8](repeating: 0, count: 4096), 4096))

    /// Fills `target` with random bytes.
    static func fill(_ target: UnsafeMutableRawBufferPointer) {
        var written = 0
        state.withLockedValue { pool in
            while written < target.count {
                if pool.offset == poolSize {
                    pool.bytes.withUnsafeMutableBytes { refill($0) }
                    pool.offset = 0
                }
                let count = min(target.count - written, poolSize - pool.offset)
                pool.bytes.withUnsafeBytes { source in
                    target.baseAddress!.advanced(by: written)
                        .copyMemory(from: source.baseAddress!.advanced(by: pool.offset), byteCount: count)
                }
                // Bytes handed out are wiped, so the pool never holds a value that was already used.
                pool.bytes.withUnsafeMutableBytes { _ = memset($0.baseAddress!.advanced(by: pool.offset), 0, count) }
                pool.offset += count
                written += count
            }
        }
    }

    static func uint64() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return value
    }

    static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fill($0) }
        return bytes
    }

    /// The kernel's CSPRNG through /dev/urandom (never blocks once the system has booted; the same source as
    /// getrandom(2), which Swift's Glibc module does not declare). Opened once.
    private static let urandom: Int32 = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private static func refill(_ buffer: UnsafeMutableRawBufferPointer) {
        var filled = 0
        while filled < buffer.count {
            let result = read(urandom, buffer.baseAddress!.advanced(by: filled), buffer.count - filled)
            if result > 0 {
                filled += result
            } else if result < 0, errno == EINTR {
                continue
            } else {
                fatalError("/dev/urandom could not be read (errno \(errno))")
            }
        }
    }
}
