// Small helpers to build the DOM. Text goes in only through `textContent` (text nodes): never
// parsed as HTML, so data from the API can never become markup (a project rule, checked by grep).

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Build an element: h('p', { className: 'caption' }, 'Texto', otherNode).
 *
 * Attributes: `className`, `dataset` (object), `on` (object of event listeners), `hidden`,
 * boolean attributes (true/false), anything else via setAttribute. `style` is refused: the CSP
 * forbids inline styles, use a class.
 * Children: strings and numbers become text nodes; null/undefined/false are skipped; arrays are
 * flattened.
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  applyAttributes(element, attrs);
  append(element, ...children);
  return element;
}

/** An SVG element (icons); same attribute rules as `h`. */
export function svg(tag, attrs = {}, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  applyAttributes(element, attrs);
  append(element, ...children);
  return element;
}

function setClassName(element, value) {
  if (element instanceof SVGElement) element.setAttribute('class', value);
  else element.className = value;
}

function setBooleanProperty(element, name, value) {
  element[name] = Boolean(value);
  if (value === true) element.setAttribute(name, '');
}

function addListeners(element, listeners) {
  for (const [event, listener] of Object.entries(listeners)) element.addEventListener(event, listener);
}

/** Attributes with a meaning of their own; anything else goes through setAttribute. */
const SPECIAL_ATTRIBUTES = {
  className: setClassName,
  dataset: (element, value) => Object.assign(element.dataset, value),
  on: addListeners,
  text: (element, value) => { element.textContent = String(value); },
  checked: (element, value) => setBooleanProperty(element, 'checked', value),
  disabled: (element, value) => setBooleanProperty(element, 'disabled', value),
  selected: (element, value) => setBooleanProperty(element, 'selected', value),
};

function applyAttribute(element, name, value) {
  if (name === 'style') throw new Error('Inline styles break the CSP: use a CSS class.');
  if (Object.hasOwn(SPECIAL_ATTRIBUTES, name)) SPECIAL_ATTRIBUTES[name](element, value);
  else if (name === 'value' && 'value' in element) element.value = String(value);
  else element.setAttribute(name, value === true ? '' : String(value));
}

function applyAttributes(element, attrs) {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    applyAttribute(element, name, value);
  }
}

/** Append children (text or nodes) to a parent. */
export function append(parent, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Remove every child and put the given ones. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return append(parent, ...children);
}

/** Set an element's text (the only way data reaches the page). */
export function setText(element, text) {
  element.textContent = text === null || text === undefined ? '' : String(text);
  return element;
}

let idCounter = 0;
/** A unique id for label/aria wiring: uid('campo') → "campo-3". */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** Hide or show an element (the `hidden` attribute; the CSS keeps it hidden). */
export function toggleHidden(element, hidden) {
  element.hidden = Boolean(hidden);
  return element;
}
