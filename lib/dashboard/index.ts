export { planDashboard, type DashboardPlan, type DashboardQuery, type Panel, type PanelKind, type PlanOptions, type ValueFormat } from './plan';
export { readResults, type PanelResult, type ReadResults } from './render/results';
export { renderHtml, type ErDiagram, type RenderOptions } from './render/html';
export { renderEmail } from './render/email';
export { esc } from './render/escape';
