import EddyCore

/// A stateless operator whose expressions read its watermark (CURRENT_WATERMARK). It keeps
/// no checkpointed state, so a restore gives it back the watermark its node had.
public protocol WatermarkReader: StreamOperator {
    func resumeWatermark(_ watermark: Int64)
}

extension FilterOperator: WatermarkReader {
    public func resumeWatermark(_ watermark: Int64) { context.watermark = watermark }
}

extension ProjectOperator: WatermarkReader {
    public func resumeWatermark(_ watermark: Int64) { context.watermark = watermark }
}

extension CalcOperator: WatermarkReader {
    public func resumeWatermark(_ watermark: Int64) {
        filter?.resumeWatermark(watermark)
        project.resumeWatermark(watermark)
    }
}
