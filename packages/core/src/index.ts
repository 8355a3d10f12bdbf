/**
 * infersim core: the public API, one line per concept.
 * @module
 */
export * from "./units.js";
export * from "./errors.js";
export * from "./format.js";
export * from "./dtype.js";
export { Registry, normalizeName, type Named } from "./catalog/registry.js";
export { hardwareCatalog, modelCatalog } from "./catalog/catalog.js";
export { hardwareFileSchema, ARCHITECTURE_CLASSES, type ArchitectureClass, type HardwareFile } from "./hardware/schema.js";
export { parseHardware, isSram, weightStore, type Hardware, type PriceQuote } from "./hardware/hardware.js";
export type * from "./model/model.js";
export { isMoe } from "./model/model.js";
export { countParams, attentionParams, ffnParams, type ParamCount } from "./model/params.js";
export { importHfConfig, type ModelMeta } from "./model/hf-config.js";
export { parseModelFile, modelFileSchema } from "./model/catalog-file.js";
export { parseDataFile } from "./io/data-file.js";
export * from "./perf/batch.js";
export { resolveEfficiency, engineOf, ENGINES, EFFICIENCY_KEYS, BUILTIN_EFFICIENCY, type Efficiency, type Engine, type EfficiencyTables } from "./perf/efficiency.js";
export { resolveDeployment, checkParallelism, DEPLOYMENT_DEFAULTS, type Deployment, type DeploymentSpec } from "./perf/deployment.js";
export { buildShard, type Shard } from "./perf/shard.js";
export { memoryPlan, autoSize, kvBytesForContext, modelWeightBytes, type MemoryPlan, type Sizing } from "./perf/memory-plan.js";
export { costModel, stepCost, type StepCost, type CostModel, type OpCost, type Bound } from "./perf/step-cost.js";
export { allReduceTime, allToAllTime, hopTime, linkFor } from "./perf/collectives.js";
export { stepPower } from "./perf/power.js";
export { expectedTokensPerStep, type SpeculativeSpec } from "./perf/speculative.js";
export { operatingPoint, checkOperatingPointSpec, prefillTime, type OperatingPoint, type OperatingPointSpec } from "./perf/operating-point.js";
export { predict, type PredictInput } from "./perf/predict.js";
export { costPerHour, ownershipPerChipHour, OWNERSHIP_DEFAULTS, type CostBasis, type OwnershipAssumptions, type HourlyCost } from "./plan/cost.js";
export { predictionRecord, type PredictionRecord } from "./report/record.js";
export { toCsv, type Cell } from "./report/csv.js";
export { mixedCycle, servingPoint, type ServingPoint, type ServingPointSpec, type MixedStep } from "./perf/continuous.js";
export { parseMeasurements, sourceGroup, isFlagged, MEASUREMENT_COLUMNS, METRICS, SCENARIOS, type MeasurementRow, type Metric, type Scenario } from "./validate/measurements.js";
export { resolveHardwareName, resolveModelName, resolvePrecisionName } from "./validate/names.js";
export { planRow, type RowPlan, type RowWorkload } from "./validate/row-plan.js";
export { predictRow } from "./validate/predict-row.js";
export { errorStats, groupStats, quantileSorted, type ErrorStats } from "./validate/aggregate.js";
export { validate, predictMeasurement, summarize, metricGroup, GROUP_BYS, type ValidationReport, type ValidationPrediction, type GroupBy } from "./validate/validate.js";
export { uncertaintyFor, type Uncertainty } from "./perf/uncertainty.js";
export { BUILTIN_CALIBRATION, type CalibrationMeta, type IntervalSpec } from "./perf/efficiency.js";
export { calibrate, INTERVAL_METRICS, type CalibrationResult, type Interval } from "./calibrate/calibrate.js";
export { buildParams, tablesFor, type Param } from "./calibrate/params.js";
export { fit, prepareRows, type FitRow } from "./calibrate/fit.js";
