// The incident workspace's flowchart is wider than any screen: open it at the first step open now (outlined as
// .box-next) rather than at its finished left end. Only the chart's own scroll moves, never the page.
export function scrollToCurrent(section) {
    const flow = section?.querySelector(".flow");
    const box = flow?.querySelector(".box-next");
    if (!flow || !box) {
        return;
    }
    const left = box.getBoundingClientRect().left - flow.getBoundingClientRect().left + flow.scrollLeft;
    flow.scrollLeft = Math.max(0, left - 150);
}
