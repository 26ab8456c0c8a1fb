/* landbridge map page. Plain JavaScript, no framework: every number comes from the REST API
   (/api/...), which calls the same Python functions as the `landbridge` command. This file only
   draws: the map (SVG, Mercator, Natural Earth countries from the npm package world-atlas),
   tables and charts. */
(() => {
  'use strict';

  // ----------------------------------------------------------------------------- constants
  const SVGNS = 'http://www.w3.org/2000/svg';
  const MODES = {
    rail: { label: 'Rail', pattern: 'solid line' },
    sea: { label: 'Sea', pattern: 'dashed line' },
    ferry: { label: 'Ferry', pattern: 'dotted line' },
    road: { label: 'Road', pattern: 'dash-dot line' },
  };
  const PASSAGES = {
    'suez': 'Suez Canal', 'bab-el-mandeb': 'Bab-el-Mandeb (Red Sea)', 'malacca': 'Strait of Malacca',
    'bosporus': 'Bosporus (Turkish Straits)', 'gibraltar': 'Strait of Gibraltar', 'panama': 'Panama Canal',
    'hormuz': 'Strait of Hormuz', 'sunda': 'Sunda Strait', 'cape-of-good-hope': 'Cape of Good Hope',
    'cape-horn': 'Cape Horn', 'bering': 'Bering Strait', 'northwest-passage': 'Northwest Passage',
  };
  const OPERATIONS = {
    border: 'border', gauge_change: 'break of gauge', rail_to_ship: 'rail to ship',
    ship_discharge: 'discharge', rail_to_ferry: 'rail to ferry', ferry_to_rail: 'ferry to rail',
  };
  const BORDER_OPS = new Set(['border', 'gauge_change']);
  const HOME = { x0: -5, x1: 150, lat0: -12, lat1: 62 };

  const state = {
    options: null,
    places: new Map(),        // id -> place
    plan: null,               // last route answer
    planRequest: null,
    selected: 0,
    comparison: null,
    compareRequest: null,
    origins: [],              // compare view: names
    basemap: false,
    examples: [],             // scenarios view: names of the bundled example scenarios
    compareSelected: 0,
    netLinks: new Map(),      // link id (both directions) -> [[lon, lat], [lon, lat]]
    allocation: null,         // last allocation answer (with its diff, if any)
    exampleText: '',          // the chosen example's YAML, as loaded: the base of the what-ifs
    whatifs: [],              // the changes the form wrote into the scenario, in words
  };
  const NARROW = '(max-width: 820px)';

  // ----------------------------------------------------------------------------- helpers
  const $ = (id) => document.getElementById(id);

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function s(tag, attrs, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    setAttrs(node, attrs);
    append(node, children);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }

  function fmt(value, digits = 0) {
    if (value === null || value === undefined || Number.isNaN(value)) return '';
    return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }

  const shortName = (name) => String(name).split(' (')[0];
  const placeName = (id) => (state.places.get(id) || { name: id }).name;
  const opLabel = (op) => OPERATIONS[op] || String(op || '').replace(/_/g, ' ');

  async function api(path, options) {
    const response = await fetch(path, options);
    let body = null;
    try { body = await response.json(); } catch (_) { body = null; }
    if (!response.ok) {
      const error = new Error((body && body.message) || `${response.status} ${response.statusText}`);
      error.body = body;
      error.status = response.status;
      throw error;
    }
    return body;
  }

  const postJson = (path, payload) => api(path, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload),
  });

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ----------------------------------------------------------------------------- map
  const map = {
    svg: null, world: null, routes: null, numbers: null, markers: null,
    view: null, // {x, y, w, h} in projected units
    scaled: [], // groups drawn in screen pixels: [{node, x, y}]
    labels: [], // labelled points, placed without collisions: [{text, x, y, priority, radius, width}]
    pointers: new Map(),
    pending: false,
  };
  // Places on the network get labels once the map is zoomed in this far (pixels per degree).
  const NETWORK_LABEL_ZOOM = 9;
  // Where a label may sit beside its point: right, left, above, below (pixels, anchor).
  // The last ones sit further off, joined to their point by a leader line.
  const LABEL_SPOTS = [[9, 4, 'start'], [-9, 4, 'end'], [0, -10, 'middle'], [0, 17, 'middle'],
    [7, -8, 'start'], [7, 15, 'start'], [-7, -8, 'end'], [-7, 15, 'end'],
    [28, -20, 'start'], [28, 26, 'start'], [-28, -20, 'end'], [-28, 26, 'end'], [0, -34, 'middle'], [0, 42, 'middle']];
  const LEADER_FROM = 8; // spots from this index on get a leader line

  function project(lon, lat) {
    const clamped = Math.max(-80, Math.min(84, lat)) * Math.PI / 180;
    return [lon, -Math.log(Math.tan(Math.PI / 4 + clamped / 2)) * 180 / Math.PI];
  }

  function initMap() {
    map.svg = $('map-svg');
    const world = s('g', { id: 'world0' });
    map.countries = s('g', { id: 'countries' });
    map.network = s('g', { id: 'network' });
    map.netPlaces = s('g', { id: 'network-places' });
    world.append(map.countries, map.network, map.netPlaces);
    map.routes = s('g', { id: 'routes' });
    map.numbers = s('g', { id: 'route-numbers' });
    map.markers = s('g', { id: 'markers' });
    // the world twice side by side, so routes across the Pacific run on without a seam
    map.svg.append(world, s('use', { href: '#world0', x: 360 }), map.routes, map.markers, map.numbers);
    fitBox(HOME.x0, project(0, HOME.lat1)[1], HOME.x1, project(0, HOME.lat0)[1]);
    bindMapEvents();
    drawLegend();
    window.addEventListener('resize', () => applyView());
  }

  function pixelsPerUnit() {
    const rect = map.svg.getBoundingClientRect();
    if (!rect.width || !rect.height || !map.view) return 1;
    return Math.min(rect.width / map.view.w, rect.height / map.view.h);
  }

  function applyView() {
    const v = map.view;
    map.svg.setAttribute('viewBox', `${v.x} ${v.y} ${v.w} ${v.h}`);
    const k = 1 / pixelsPerUnit();
    for (const item of map.scaled) {
      item.node.setAttribute('transform', `translate(${item.x} ${item.y}) scale(${k})`);
    }
    if (!map.pending) {
      map.pending = true;
      window.requestAnimationFrame(() => { map.pending = false; declutter(); });
    }
  }

  function addLabel(text, x, y, priority, radius, leader) {
    const size = priority >= 9 ? 10 : 12;
    map.labels.push({ text, x, y, priority, radius, leader, width: text.textContent.length * size * 0.6 + 4, height: size + 3 });
  }

  /* Place the labels in screen pixels, most important first (route ends, then the route's
     places, then the network's): each takes the first spot beside its point that overlaps no
     point, no label already placed and not the zoom buttons; a label with no free spot is
     hidden (its point keeps its tooltip). */
  function declutter() {
    const rect = map.svg.getBoundingClientRect();
    if (!rect.width || !map.view) return;
    const k = pixelsPerUnit();
    const v = map.view;
    const sx = (x) => rect.width / 2 + (x - (v.x + v.w / 2)) * k;
    const sy = (y) => rect.height / 2 + (y - (v.y + v.h / 2)) * k;
    const taken = [];
    const controls = document.querySelector('.map-controls').getBoundingClientRect();
    taken.push({ x0: controls.left - rect.left - 4, y0: controls.top - rect.top - 4, x1: controls.right - rect.left + 4, y1: controls.bottom - rect.top + 4 });
    map.labels = map.labels.filter((l) => l.text.isConnected);
    const items = map.labels.map((l) => ({ l, px: sx(l.x), py: sy(l.y) }));
    for (const { l, px, py } of items) {
      if (l.priority < 9) taken.push({ x0: px - l.radius, y0: py - l.radius, x1: px + l.radius, y1: py + l.radius });
    }
    for (const item of map.scaled) {
      if (item.node.parentNode === map.numbers) taken.push({ x0: sx(item.x) - 9, y0: sy(item.y) - 9, x1: sx(item.x) + 9, y1: sy(item.y) + 9 });
    }
    const overlaps = (b) => taken.some((t) => b.x0 < t.x1 && b.x1 > t.x0 && b.y0 < t.y1 && b.y1 > t.y0);
    const networkShown = k >= NETWORK_LABEL_ZOOM;
    items.sort((a, b) => a.l.priority - b.l.priority);
    let shown = 0;
    for (const { l, px, py } of items) {
      let spot = null;
      let far = false;
      const inside = px >= 0 && px <= rect.width && py >= 0 && py <= rect.height;
      if (inside && (l.priority < 9 || networkShown)) {
        for (const [n, [dx, dy, anchor]] of LABEL_SPOTS.entries()) {
          if (n >= LEADER_FROM && (l.priority >= 9 || !l.leader)) break;
          const x0 = anchor === 'start' ? px + dx : anchor === 'end' ? px + dx - l.width : px - l.width / 2;
          const box = { x0, y0: py + dy - l.height + 3, x1: x0 + l.width, y1: py + dy + 3 };
          if (box.x0 < 0 || box.x1 > rect.width || box.y0 < 0 || box.y1 > rect.height || overlaps(box)) continue;
          spot = [dx, dy, anchor];
          far = n >= LEADER_FROM;
          taken.push(box);
          break;
        }
      }
      if (spot) {
        l.text.setAttribute('x', spot[0]);
        l.text.setAttribute('y', spot[1]);
        l.text.setAttribute('text-anchor', spot[2]);
        l.text.removeAttribute('visibility');
        if (l.priority < 9) shown += 1;
      } else {
        l.text.setAttribute('visibility', 'hidden');
      }
      if (l.leader) {
        l.leader.setAttribute('visibility', far ? 'visible' : 'hidden');
        if (far) {
          l.leader.setAttribute('x2', spot[0] * 0.85);
          l.leader.setAttribute('y2', spot[1] + (spot[1] < 0 ? 2 : -12));
        }
      }
    }
    map.svg.dataset.labels = String(shown);
  }

  function fitBox(x0, y0, x1, y1) {
    const rect = map.svg.getBoundingClientRect();
    const aspect = rect.width && rect.height ? rect.width / rect.height : 1.6;
    let w = Math.max(x1 - x0, 4);
    let hgt = Math.max(y1 - y0, 3);
    if (w / hgt > aspect) hgt = w / aspect; else w = hgt * aspect;
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    map.view = { x: cx - w / 2, y: cy - hgt / 2, w, h: hgt };
    applyView();
  }

  function zoomAt(px, py, factor) {
    const v = map.view;
    const w = Math.min(Math.max(v.w * factor, 2), 720);
    const f = w / v.w;
    map.view = { x: px - (px - v.x) * f, y: py - (py - v.y) * f, w, h: v.h * f };
    applyView();
  }

  function toWorld(clientX, clientY) {
    const rect = map.svg.getBoundingClientRect();
    const k = 1 / pixelsPerUnit();
    const v = map.view;
    // preserveAspectRatio meet centres the view box
    const cx = v.x + v.w / 2 + (clientX - rect.left - rect.width / 2) * k;
    const cy = v.y + v.h / 2 + (clientY - rect.top - rect.height / 2) * k;
    return [cx, cy];
  }

  function bindMapEvents() {
    const el = map.svg;
    el.addEventListener('wheel', (event) => {
      event.preventDefault();
      const [x, y] = toWorld(event.clientX, event.clientY);
      zoomAt(x, y, Math.exp(event.deltaY * 0.0015));
    }, { passive: false });
    el.addEventListener('pointerdown', (event) => {
      el.setPointerCapture(event.pointerId);
      map.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      el.classList.add('dragging');
    });
    el.addEventListener('pointermove', (event) => {
      const last = map.pointers.get(event.pointerId);
      if (!last) return;
      const k = 1 / pixelsPerUnit();
      if (map.pointers.size === 1) {
        map.view.x -= (event.clientX - last.x) * k;
        map.view.y -= (event.clientY - last.y) * k;
        applyView();
      } else if (map.pointers.size === 2) {
        const other = [...map.pointers.entries()].find(([id]) => id !== event.pointerId)[1];
        const before = Math.hypot(last.x - other.x, last.y - other.y);
        const after = Math.hypot(event.clientX - other.x, event.clientY - other.y);
        if (before > 0 && after > 0) {
          const [x, y] = toWorld((event.clientX + other.x) / 2, (event.clientY + other.y) / 2);
          zoomAt(x, y, before / after);
        }
      }
      map.pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    });
    const release = (event) => {
      map.pointers.delete(event.pointerId);
      if (!map.pointers.size) el.classList.remove('dragging');
    };
    el.addEventListener('pointerup', release);
    el.addEventListener('pointercancel', release);
    $('zoom-in').addEventListener('click', () => zoomAt(map.view.x + map.view.w / 2, map.view.y + map.view.h / 2, 0.6));
    $('zoom-out').addEventListener('click', () => zoomAt(map.view.x + map.view.w / 2, map.view.y + map.view.h / 2, 1.6));
    $('zoom-fit').addEventListener('click', fitContent);
  }

  function ringPath(ring) {
    let d = '';
    let previous = null;
    ring.forEach(([lon, lat], i) => {
      // a ring across the antimeridian (Fiji, Chukotka) runs on past 180 instead of
      // drawing a line across the world
      let x0 = lon;
      if (previous !== null) {
        while (x0 - previous > 180) x0 -= 360;
        while (x0 - previous < -180) x0 += 360;
      }
      previous = x0;
      const [x, y] = project(x0, lat);
      d += `${i ? 'L' : 'M'}${x.toFixed(3)},${y.toFixed(3)}`;
    });
    return `${d}Z`;
  }

  async function loadCountries() {
    const note = $('map-note');
    if (typeof window.topojson === 'undefined') {
      note.hidden = false;
      note.textContent = 'Country outlines are not installed on this server (run npm ci, see the README); the map shows the corridor network only.';
      return;
    }
    let topology;
    try {
      const response = await fetch('/vendor/countries-50m.json');
      if (!response.ok) throw new Error(String(response.status));
      topology = await response.json();
    } catch (_) {
      note.hidden = false;
      note.textContent = 'Country outlines could not be loaded; the map shows the corridor network only.';
      return;
    }
    const features = window.topojson.feature(topology, topology.objects.countries).features;
    const frag = document.createDocumentFragment();
    for (const feature of features) {
      const geometry = feature.geometry;
      if (!geometry || feature.id === '010') continue; // Antarctica: off the map
      const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
      const d = polygons.map((polygon) => polygon.map(ringPath).join('')).join('');
      const name = (feature.properties && feature.properties.name) || '';
      frag.append(s('path', { class: 'country', d }, s('title', {}, name)));
    }
    map.countries.append(frag);
    state.basemap = true;
    map.svg.dataset.countries = String(features.length);
  }

  async function loadNetwork() {
    const collection = await api('/api/network');
    const lines = document.createDocumentFragment();
    for (const feature of collection.features) {
      if (feature.properties.feature !== 'link') continue;
      const coords = feature.geometry.coordinates;
      const [x0, y0] = project(coords[0][0], coords[0][1]);
      const [x1, y1] = project(coords[1][0], coords[1][1]);
      const mode = String(feature.properties.mode || '');
      const family = mode.startsWith('rail') ? 'rail' : mode;
      lines.append(s('path', { class: `net-link ${family}`, d: `M${x0},${y0}L${x1},${y1}`, 'vector-effect': 'non-scaling-stroke' }));
      const { from, to } = feature.properties;
      state.netLinks.set(`${from}--${to}`, coords);
      state.netLinks.set(`${to}--${from}`, coords.slice().reverse());
    }
    map.network.append(lines);
    for (const feature of collection.features) {
      if (feature.properties.feature !== 'place') continue;
      const [lon, lat] = feature.geometry.coordinates;
      const [x, y] = project(lon, lat);
      const label = s('text', { class: 'net-label', x: 5, y: 3, visibility: 'hidden' }, shortName(feature.properties.name));
      const g = s('g', { class: 'net-place-mark' },
        s('circle', { class: 'net-place', r: 2.5 }, s('title', {}, feature.properties.name)), label);
      map.netPlaces.append(g);
      map.scaled.push({ node: g, x, y });
      addLabel(label, x, y, 9, 3);
    }
    applyView();
  }

  function drawLegend() {
    const legend = $('legend');
    for (const [mode, info] of Object.entries(MODES)) {
      legend.append(h('li', {},
        s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
          s('path', { d: 'M2,7L32,7', class: `mode-${mode}`, 'stroke-width': 3, fill: 'none' })),
        `${info.label} (${info.pattern})`));
    }
    legend.append(h('li', {}, s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
      s('rect', { x: 12, y: 2, width: 10, height: 10, fill: '#fff', stroke: '#111', 'stroke-width': 1.5 })), 'Border crossing (square)'));
    legend.append(h('li', {}, s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
      s('circle', { cx: 17, cy: 7, r: 5, fill: '#ffd84d', stroke: '#111', 'stroke-width': 1.5 })), 'Transfer: port, ferry, gauge (circle)'));
    legend.append(h('li', {}, s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
      s('circle', { cx: 17, cy: 7, r: 6, fill: '#fff', stroke: '#111', 'stroke-width': 1.5 }),
      s('text', { x: 17, y: 10.5, 'font-size': 9, 'text-anchor': 'middle', 'font-weight': 700 }, '1')), 'Route number'));
  }

  function addMarker(layer, x, y, kind, label, title, priority = 2) {
    const g = s('g', { class: `marker ${kind}` });
    const radius = kind.includes('end') || kind.includes('market') ? 6 : 5;
    if (kind.includes('border')) g.append(s('rect', { x: -5, y: -5, width: 10, height: 10 }));
    else g.append(s('circle', { r: radius }));
    if (label) {
      const leader = s('line', { class: 'leader', x1: 0, y1: 0, x2: 0, y2: 0, visibility: 'hidden' });
      const text = s('text', { x: 9, y: 4 }, label);
      g.append(leader, text);
      addLabel(text, x, y, priority, radius + 1, leader);
    }
    g.append(s('title', {}, title || label || ''));
    layer.append(g);
    map.scaled.push({ node: g, x, y });
    return g;
  }

  function resetRouteLayers() {
    const drawn = new Set([...map.markers.children, ...map.numbers.children]);
    map.scaled = map.scaled.filter((item) => !drawn.has(item.node));
    clear(map.routes); clear(map.markers); clear(map.numbers);
    map.content = null;
  }

  /* Unwrap a route's longitudes so it is continuous, then shift it by whole turns so the
     destination lies in [-30, 330), the span of the two world copies drawn. */
  function unwrapRoute(legs) {
    let previous = null;
    const out = legs.map((leg) => (leg.track || []).map(([lon, lat]) => {
      let x = lon;
      if (previous !== null) {
        while (x - previous > 180) x -= 360;
        while (x - previous < -180) x += 360;
      }
      previous = x;
      return [x, lat];
    }));
    const all = out.flat();
    if (!all.length) return out;
    const end = all[all.length - 1][0];
    const shift = -360 * Math.floor((end + 30) / 360);
    return out.map((track) => track.map(([x, lat]) => [x + shift, lat]));
  }

  function near(lon, reference) {
    let x = lon;
    if (reference === null) return x;
    while (x - reference > 180) x -= 360;
    while (x - reference < -180) x += 360;
    return x;
  }

  /* One route's legs on the map; ``link`` ties it to its table row: hovering either
     highlights both, clicking the line chooses the route. */
  function drawRoute(route, index, selected, bbox, link) {
    const group = s('g', { class: `route ${selected ? 'selected' : 'other'}`, 'data-route': index + 1,
      onmouseenter: () => hoverRow(link.table, index, true), onmouseleave: () => hoverRow(link.table, index, false),
      onclick: () => link.pick(index) });
    const tracks = unwrapRoute(route.legs);
    let longest = null;
    route.legs.forEach((leg, i) => {
      const track = tracks[i];
      if (leg.mode === 'transfer' || track.length < 2) return;
      const d = track.map(([lon, lat], j) => {
        const [x, y] = project(lon, lat);
        if (bbox) { bbox.x0 = Math.min(bbox.x0, x); bbox.x1 = Math.max(bbox.x1, x); bbox.y0 = Math.min(bbox.y0, y); bbox.y1 = Math.max(bbox.y1, y); }
        return `${j ? 'L' : 'M'}${x.toFixed(3)},${y.toFixed(3)}`;
      }).join('');
      const title = `Route ${index + 1}, ${MODES[leg.mode] ? MODES[leg.mode].label : leg.mode}: ${placeName(leg.from)} to ${placeName(leg.to)}, ${fmt(leg.distance_km)} km`;
      if (selected) group.append(s('path', { class: 'halo', d, 'vector-effect': 'non-scaling-stroke', 'stroke-width': 7 }));
      group.append(s('path', { class: `leg mode-${leg.mode}`, 'data-mode': leg.mode, d, 'vector-effect': 'non-scaling-stroke' }, s('title', {}, title)));
      if (!longest || leg.distance_km > longest.km) longest = { km: leg.distance_km, point: track[Math.floor(track.length / 2)] };
    });
    map.routes.append(group);
    if (longest && link.numbers !== false) {
      const [x, y] = project(longest.point[0], longest.point[1]);
      const g = s('g', { class: `route-number${selected ? ' selected' : ''}`, 'data-route': index + 1 },
        s('circle', { r: 9 }), s('text', {}, String(index + 1)), s('title', {}, `Route ${index + 1}: ${route.corridor}`));
      map.numbers.append(g);
      map.scaled.push({ node: g, x, y });
    }
    return tracks;
  }

  function drawPlanOnMap() {
    resetRouteLayers();
    const plan = state.plan;
    if (!plan) return;
    const link = { table: 'routes-table', pick: select };
    plan.routes.forEach((route, i) => { if (i !== state.selected) drawRoute(route, i, false, null, link); });
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const route = plan.routes[state.selected];
    const tracks = drawRoute(route, state.selected, true, bbox, link);
    // hub operations of the chosen route: borders as squares, other transfers as circles
    const hubs = new Map();
    let reference = null;
    route.legs.forEach((leg, i) => {
      const track = tracks[i];
      if (leg.mode !== 'transfer') {
        if (track.length) reference = track[track.length - 1][0];
        return;
      }
      const place = state.places.get(leg.from);
      if (!place) return;
      const hub = hubs.get(place.id) || { place, ops: [], lon: near(place.lon, reference) };
      hub.ops.push(leg.operation);
      hubs.set(place.id, hub);
    });
    for (const hub of hubs.values()) {
      const ops = hub.ops.filter((op) => op !== 'loading' && op !== 'unloading');
      if (hub.place.id === plan.origin.id || hub.place.id === plan.destination.id || !ops.length) continue;
      const [x, y] = project(hub.lon, hub.place.lat);
      const kind = ops.some((op) => BORDER_OPS.has(op)) ? 'border' : 'transfer';
      addMarker(map.markers, x, y, kind, `${shortName(hub.place.name)}: ${ops.map(opLabel).join(', ')}`);
    }
    // the place the route must pass through, if it is not a hub already
    for (const via of route.via || []) {
      const place = state.places.get(via.id);
      if (!place || hubs.has(place.id)) continue;
      const [x, y] = project(near(place.lon, reference), place.lat);
      addMarker(map.markers, x, y, 'transfer via', shortName(place.name), `Passes through ${place.name}`, 1);
    }
    const all = tracks.flat();
    if (all.length) {
      const [ox, oy] = project(all[0][0], all[0][1]);
      const [dx, dy] = project(all[all.length - 1][0], all[all.length - 1][1]);
      const start = (route.origin_terminal || {}).name || plan.origin.name;
      const end = (route.terminal || {}).name || plan.destination.name;
      addMarker(map.markers, ox, oy, 'end origin', shortName(start), `Origin: ${start}`, 0);
      addMarker(map.markers, dx, dy, 'end destination', shortName(end), `Market: ${end}`, 0);
    }
    map.content = bbox;
    fitContent();
  }

  function fitContent() {
    const b = map.content;
    if (!b || !Number.isFinite(b.x0)) {
      fitBox(HOME.x0, project(0, HOME.lat1)[1], HOME.x1, project(0, HOME.lat0)[1]);
      return;
    }
    const padX = (b.x1 - b.x0) * 0.08 + 2;
    const padY = (b.y1 - b.y0) * 0.12 + 2;
    fitBox(b.x0 - padX, b.y0 - padY, b.x1 + padX, b.y1 + padY);
  }

  /* Each origin's best route to the market, the chosen row's on top; the origins labelled
     with their row number, placed without collisions. */
  function drawComparisonOnMap() {
    resetRouteLayers();
    const c = state.comparison;
    if (!c) return;
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const grow = (x, y) => { bbox.x0 = Math.min(bbox.x0, x); bbox.x1 = Math.max(bbox.x1, x); bbox.y0 = Math.min(bbox.y0, y); bbox.y1 = Math.max(bbox.y1, y); };
    const link = { table: 'compare-table', pick: selectCompare, numbers: false };
    const ends = new Map();
    const order = c.rows.map((row, i) => i).filter((i) => i !== state.compareSelected).concat([state.compareSelected]);
    for (const i of order) {
      const row = c.rows[i];
      if (!row || row.route === null || !row.legs) continue;
      const tracks = drawRoute(row, i, i === state.compareSelected, bbox, link).flat();
      if (tracks.length) ends.set(i, [tracks[0], tracks[tracks.length - 1]]);
    }
    let marketAt = null;
    c.rows.forEach((row, i) => {
      const place = state.places.get(row.origin.id);
      const end = ends.get(i);
      let point = end ? end[0] : null;
      if (!point && place) point = [near(place.lon, 75), place.lat];
      if (!point) return;
      const [x, y] = project(point[0], point[1]);
      grow(x, y);
      if (end && (!marketAt || i === state.compareSelected)) marketAt = end[1];
      const label = `${i + 1}. ${shortName(row.origin.name)}`;
      const title = row.route === null ? `${row.origin.name}: no route` : `${row.origin.name}${row.competitor ? ' (competitor)' : ''}: landed USD ${fmt(row.landed_usd_per_t, 2)}/t`;
      const g = addMarker(map.markers, x, y, `compare${row.competitor ? ' competitor' : ''}${i === state.compareSelected ? ' selected' : ''}`, label, title,
        i === state.compareSelected ? 0 : 1);
      g.dataset.route = String(i + 1);
    });
    if (!marketAt) {
      const first = (c.market.members || [])[0];
      const market = state.places.get(first ? first.id : c.market.id);
      if (market) marketAt = [near(market.lon, 75), market.lat];
    }
    if (marketAt) {
      const [mx, my] = project(marketAt[0], marketAt[1]);
      grow(mx, my);
      addMarker(map.markers, mx, my, 'compare market end', `Market: ${shortName(c.market.name)}`, null, 0);
    }
    map.content = bbox;
    fitContent();
  }

  function hoverRow(tableId, index, on) {
    const row = document.querySelector(`#${tableId} tbody tr[data-route="${index + 1}"]`);
    if (row) row.classList.toggle('hover', on);
    const line = map.routes.querySelector(`g.route[data-route="${index + 1}"]`);
    if (line) {
      line.classList.toggle('hover', on);
      // on top while highlighted; the chosen route back on top after
      const top = on ? line : map.routes.querySelector('g.route.selected');
      if (top) map.routes.append(top);
    }
  }

  // ----------------------------------------------------------------------------- autocomplete
  function combobox(input, list, onPick) {
    let items = [];
    let active = -1;
    let timer = null;
    let seq = 0;

    const close = () => { list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1; };
    const highlight = (i) => {
      active = i;
      [...list.children].forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
      if (i >= 0 && list.children[i]) input.setAttribute('aria-activedescendant', list.children[i].id);
    };
    const pick = (place) => {
      input.value = place.name;
      close();
      if (onPick) onPick(place);
    };
    const render = () => {
      clear(list);
      items.forEach((place, i) => {
        list.append(h('li', { id: `${list.id}-${i}`, role: 'option', 'aria-selected': 'false', 'data-id': place.id,
          onmousedown: (event) => { event.preventDefault(); pick(place); } },
        place.name, h('span', { class: 'meta' }, place.members
          ? `${place.kind === 'city' ? 'city' : 'country'}: ${place.members.length} ${place.members.length === 1 ? 'place' : 'places'}`
          : `${place.kind.replace('_', ' ')}, ${place.country}`)));
      });
      list.hidden = !items.length;
      input.setAttribute('aria-expanded', String(items.length > 0));
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (!query) { items = []; render(); return; }
      timer = setTimeout(async () => {
        const mine = ++seq;
        try {
          const found = await api(`/api/places?limit=8&q=${encodeURIComponent(query)}`);
          if (mine !== seq || document.activeElement !== input) return; // answered after leaving the field
          items = [...(found.areas || []), ...found.places].slice(0, 8);
          active = -1;
          render();
        } catch (_) { items = []; render(); }
      }, 120);
    });
    input.addEventListener('keydown', (event) => {
      if (list.hidden) return;
      if (event.key === 'ArrowDown') { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === 'ArrowUp') { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === 'Enter' && active >= 0) { event.preventDefault(); pick(items[active]); }
      else if (event.key === 'Escape') close();
    });
    input.addEventListener('blur', () => setTimeout(close, 150));
  }

  // ----------------------------------------------------------------------------- forms
  function fillSelect(select, values, labels, chosen) {
    clear(select);
    values.forEach((value, i) => select.append(h('option', { value, selected: value === chosen }, labels[i])));
  }

  function fillUnits(select, commodityId, chosen) {
    const commodity = state.options.commodities.find((c) => c.id === commodityId);
    const values = [''].concat(commodity ? commodity.units : state.options.units);
    const labels = values.map((u) => (u ? u : 'any (chosen per route)'));
    fillSelect(select, values, labels, chosen === undefined ? '' : chosen || '');
  }

  function fillChecks(container, prefix, entries) {
    clear(container);
    for (const [value, label] of entries) {
      const id = `${prefix}-${value}`.replace(/[^A-Za-z0-9_-]/g, '_');
      container.append(h('label', { for: id }, h('input', { type: 'checkbox', id, value }), label));
    }
  }

  function checked(container) {
    return [...container.querySelectorAll('input:checked')].map((box) => box.value);
  }

  function setChecked(container, values) {
    const wanted = new Set(values || []);
    container.querySelectorAll('input').forEach((box) => { box.checked = wanted.has(box.value); });
  }

  function numberOrNull(input) {
    const text = input.value.trim();
    return text === '' ? null : Number(text);
  }

  function routeRequest() {
    return {
      origin: $('origin').value.trim(),
      destination: $('destination').value.trim(),
      commodity: $('commodity').value,
      unit: $('unit').value || null,
      tonnes: numberOrNull($('tonnes')),
      objective: $('objective').value,
      price: numberOrNull($('price')),
      max_days: numberOrNull($('max-days')),
      via: $('via').value.trim() || null,
      avoid: [...checked($('avoid-countries')), ...checked($('avoid-passages')), ...checked($('avoid-crossings'))],
    };
  }

  function setRouteForm(request) {
    $('origin').value = request.origin || '';
    $('destination').value = request.destination || '';
    $('commodity').value = request.commodity || 'wheat';
    fillUnits($('unit'), $('commodity').value, request.unit || '');
    $('tonnes').value = request.tonnes ?? '';
    $('objective').value = request.objective || 'generalised';
    $('price').value = request.price ?? '';
    $('max-days').value = request.max_days ?? '';
    $('via').value = request.via || '';
    const avoid = request.avoid || [];
    setChecked($('avoid-countries'), avoid);
    setChecked($('avoid-passages'), avoid);
    setChecked($('avoid-crossings'), avoid);
  }

  function compareRequest() {
    return {
      market: $('market').value.trim(),
      origins: state.origins.slice(),
      commodity: $('c-commodity').value,
      unit: $('c-unit').value || null,
      objective: $('c-objective').value,
      price: numberOrNull($('c-price')),
      avoid: [...checked($('c-avoid-countries')), ...checked($('c-avoid-passages'))],
    };
  }

  function setCompareForm(request) {
    $('market').value = request.market || '';
    state.origins = (request.origins || []).slice();
    renderChips();
    $('c-commodity').value = request.commodity || 'wheat';
    fillUnits($('c-unit'), $('c-commodity').value, request.unit || '');
    $('c-objective').value = request.objective || 'cheapest';
    $('c-price').value = request.price ?? '';
    setChecked($('c-avoid-countries'), request.avoid);
    setChecked($('c-avoid-passages'), request.avoid);
  }

  function renderChips() {
    const list = $('origin-chips');
    clear(list);
    state.origins.forEach((name, i) => {
      list.append(h('li', {}, h('span', {}, name),
        h('button', { type: 'button', 'aria-label': `Remove ${name}`, onclick: () => { state.origins.splice(i, 1); renderChips(); } }, '×')));
    });
    if (!state.origins.length) list.append(h('li', { class: 'empty' }, 'none yet: add one below'));
  }

  function addOrigins(ids) {
    for (const id of ids) {
      const name = placeName(id);
      if (!state.origins.includes(name)) state.origins.push(name);
    }
    renderChips();
  }

  // ----------------------------------------------------------------------------- errors
  /* Each view's controls by the field names the API's errors carry: [element id, label]. */
  const CONTROLS = {
    route: {
      origin: ['origin', 'From'], destination: ['destination', 'To (market)'], via: ['via', 'Must pass through'],
      unit: ['unit', 'Packed as'], commodity: ['commodity', 'Cargo'], tonnes: ['tonnes', 'Tonnes'],
      objective: ['objective', 'Best means'], price: ['price', 'Market price'], max_days: ['max-days', 'At most, days'],
      avoid: [null, 'Constraints'],
    },
    compare: {
      market: ['market', 'Market'], origins: ['origin-add', 'Origins'], unit: ['c-unit', 'Packed as'],
      commodity: ['c-commodity', 'Cargo'], objective: ['c-objective', 'Best means'], price: ['c-price', 'Market price'],
      avoid: [null, 'Constraints'],
    },
    scenario: { scenario: ['scenario-yaml', 'Scenario (YAML)'], diff: ['diff-yaml', 'Compare with'] },
    catchment: { gateway: ['k-gateway', 'Gateway'], cargo: ['k-cargo', 'Cargo'], markets: ['k-market', 'Market'] },
    breakeven: { gateway: ['k-gateway', 'Gateway'], origin: ['b-flow', 'A flow it loses'], market: ['b-flow', 'A flow it loses'],
      cargo: ['b-flow', 'A flow it loses'], lever: ['b-lever', 'Lever'] },
    process: { origin: ['p-origin', 'From'], market: ['p-market', 'To'], commodity: ['p-input', 'Input'], output: ['p-output', 'Output'] },
  };
  // The command line's words that may reach a message, in the page's terms.
  const CLI_WORDS = [[/--unit\b/g, '“Packed as”'], [/--via\b/g, '“Must pass through”'], [/--avoid\b/g, 'the constraints'],
    [/--tonnes\b/g, '“Tonnes”'], [/--price\b/g, '“Market price”'], [/--max-days\b/g, '“At most, days”']];

  function pageWords(message) {
    return CLI_WORDS.reduce((text, [pattern, words]) => text.replace(pattern, words), String(message || ''));
  }

  function errorHeading(body, label) {
    const control = label ? `“${label}”` : null;
    switch (body.error) {
      case 'unknown_place': return control ? `${control} names a place the planner does not know.` : 'A place is not known to the planner.';
      case 'cargo_not_handled': return control ? `The cargo cannot be handled as asked: change ${control}.` : 'The cargo cannot be handled as asked.';
      case 'no_route': return control ? `No route answers this question: change ${control}.` : 'No route answers this question: loosen the constraints.';
      case 'invalid_scenario': return 'The scenario has a problem: correct the line named below.';
      case 'over_limit': return control ? `${control} is over this service's limit.` : 'The request is over this service\'s limit.';
      case 'network': return 'The service did not answer: check the connection and try again.';
      default: return control ? `Could not answer: check ${control}.` : 'Could not answer.';
    }
  }

  function clearInvalid() {
    document.querySelectorAll('[aria-invalid="true"]').forEach((node) => node.removeAttribute('aria-invalid'));
  }

  /* A failure in the page's own words, naming the control to change (from the structured
     error's field); the planner's suggestions become buttons that apply them. */
  function showError(box, error, retry, view) {
    clear(box);
    box.hidden = false;
    const body = error.body || (error.status ? {} : { error: 'network' });
    const [controlId, label] = (view && CONTROLS[view] && CONTROLS[view][body.field]) || [null, null];
    box.dataset.error = body.error || 'unknown';
    box.append(h('strong', {}, errorHeading(body, label)), h('span', { class: 'message' }, pageWords(error.message)));
    const control = controlId ? $(controlId) : null;
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      box.append(h('div', {}, h('button', { type: 'button', class: 'goto', onclick: () => { control.scrollIntoView({ block: 'center' }); control.focus(); } }, `Go to “${label}”`)));
    }
    // the planner's own suggestions, offered as buttons: another unit, a nearby terminal
    if (body.error === 'cargo_not_handled' && body.suggestions && retry) {
      const units = new Set(['bulk', 'container', 'reefer']);
      const fixes = body.suggestions.map((s) => (units.has(s)
        ? (retry.unit ? h('button', { type: 'button', class: 'fix-unit', onclick: () => retry.unit(s) }, `Pack it as ${s}`) : null)
        : (retry.place && body.field !== 'unit' ? h('button', { type: 'button', onclick: () => retry.place(body.field, s) }, `Use ${s}`) : null)));
      if (fixes.some(Boolean)) box.append(h('div', {}, ...fixes));
    }
    if (body.error === 'unknown_place' && body.suggestions && body.suggestions.length && retry && retry.place && body.field) {
      box.append(h('div', {}, 'Did you mean: ', body.suggestions.map((name) => h('button', { type: 'button', onclick: () => retry.place(body.field, name) }, name))));
    }
    reveal(box);
  }

  /* Bring a result (or an error) into view after an action: on a phone the map that carries
     the answer, then the tables under it; on a laptop only if it is out of sight. */
  function reveal(node) {
    const target = node.closest('.results') && window.matchMedia(NARROW).matches && !node.classList.contains('error')
      && !document.querySelector('.map-area').hidden ? document.querySelector('.map-area') : node;
    const rect = target.getBoundingClientRect();
    if (rect.top < 0 || rect.top > window.innerHeight * 0.8 || target !== node) {
      const smooth = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
      target.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
    }
  }

  /* A table read as cards on a narrow screen: each cell carries its column's heading. */
  function cardify(table) {
    const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    for (const tr of table.querySelectorAll('tbody tr')) {
      let col = 0;
      for (const cell of tr.children) {
        if (!cell.dataset.label && heads[col]) cell.dataset.label = heads[col];
        col += cell.colSpan || 1;
        // one box for the cell's content, beside its heading on a card
        if (cell.childNodes.length > 1 && !(cell.firstElementChild && cell.firstElementChild.classList.contains('cell'))) {
          const box = h('div', { class: 'cell' });
          box.append(...cell.childNodes);
          cell.append(box);
        }
      }
    }
    table.classList.add('cards');
    return table;
  }

  // ----------------------------------------------------------------------------- route view
  async function planRoute(request) {
    const button = $('plan-button');
    const status = $('route-status');
    $('route-error').hidden = true;
    clearInvalid();
    $('route-output').classList.add('stale');
    button.disabled = true;
    status.textContent = 'Planning';
    status.classList.add('busy');
    try {
      const plan = await postJson('/api/route', request);
      state.plan = plan;
      state.planRequest = request;
      state.selected = 0;
      $('share-box').hidden = true;
      renderPlan();
      reveal($('route-status'));
    } catch (error) {
      // the previous answer would read as the answer to this question: clear it
      state.plan = null;
      $('route-output').hidden = true;
      resetRouteLayers();
      status.textContent = 'No answer for this question (the previous answer is cleared).';
      showError($('route-error'), error, {
        unit: (unit) => { $('unit').value = unit; planRoute(routeRequest()); },
        place: (field, name) => { const input = $(field === 'max_days' ? 'max-days' : field); if (input) { input.value = name; planRoute(routeRequest()); } },
      }, 'route');
    } finally {
      $('route-output').classList.remove('stale');
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  function renderPlan() {
    const plan = state.plan;
    const cargo = plan.cargo;
    const packed = cargo.unit ? `as ${cargo.unit}` : 'unit chosen per route';
    const size = cargo.tonnes ? `${fmt(cargo.tonnes)} t` : 'one consignment per route';
    $('route-status').textContent = `${plan.origin.name} to ${plan.destination.name}: ${cargo.commodity}, ${packed}, ${size}; ordered ${plan.order}. ${plan.routes.length} corridor${plan.routes.length === 1 ? '' : 's'}.`;
    $('route-output').hidden = false;
    renderRoutesTable();
    renderSelection();
  }

  function renderSelection() {
    for (const row of $('routes-table').querySelectorAll('tbody tr')) {
      const chosen = Number(row.dataset.route) === state.selected + 1;
      row.classList.toggle('selected', chosen);
      const button = row.querySelector('button.pick');
      if (button) { button.setAttribute('aria-pressed', String(chosen)); button.tabIndex = chosen ? 0 : -1; }
    }
    drawPareto();
    renderLegs();
    drawHistogram();
    drawPlanOnMap();
  }

  function select(index) {
    state.selected = index;
    renderSelection();
  }

  /* The route list with the keyboard: one tab stop, the arrow keys move and choose. */
  function listKeys(event, index, count, pick, tableId) {
    const moves = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1, Home: -count, End: count };
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(count - 1, index + moves[event.key]));
    pick(next);
    const button = document.querySelector(`#${tableId} tbody tr[data-route="${next + 1}"] button.pick`);
    if (button) button.focus();
  }

  function renderRoutesTable() {
    const plan = state.plan;
    const netback = plan.routes.some((r) => r.netback_usd_per_t !== undefined);
    const table = $('routes-table');
    clear(table);
    table.append(h('caption', { class: 'hint' }, 'Days: mean (p50 to p90). Costs per tonne include freight, handling and carrying cost. Click a row (or use the arrow keys on its number) to see the route on the map.'));
    table.append(h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Corridor'), h('th', { scope: 'col' }, 'Unit, terminal'), h('th', { scope: 'col', class: 'num' }, 'Days'),
      h('th', { scope: 'col', class: 'num' }, 'USD/t'), h('th', { scope: 'col', class: 'num' }, 'Shipment USD'),
      h('th', { scope: 'col', class: 'num' }, 'kg CO2e/t (WTW)'), netback ? h('th', { scope: 'col', class: 'num' }, 'Netback USD/t') : null)));
    const body = h('tbody');
    plan.routes.forEach((route, i) => {
      body.append(h('tr', { 'data-route': i + 1, class: 'pickable', onclick: () => select(i),
        onmouseenter: () => hoverRow('routes-table', i, true), onmouseleave: () => hoverRow('routes-table', i, false) },
        h('td', {}, h('button', { type: 'button', class: 'pick', 'aria-label': `Route ${i + 1}: ${route.corridor}; show it on the map`,
          onclick: (event) => { event.stopPropagation(); select(i); },
          onkeydown: (event) => listKeys(event, i, plan.routes.length, select, 'routes-table') }, String(i + 1))),
        h('td', {}, route.corridor, h('div', { class: 'hint' }, route.summary),
          route.pareto_optimal ? null : h('div', { class: 'hint' }, 'Dominated: another corridor is no worse on days, cost and CO2e.')),
        h('td', {}, route.unit, h('div', { class: 'hint' }, route.terminal.name)),
        h('td', { class: 'num' }, `${fmt(route.days.mean, 1)} (${fmt(route.days.p50, 1)} to ${fmt(route.days.p90, 1)})`),
        h('td', { class: 'num' }, fmt(route.cost_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(route.shipment_cost_usd)),
        h('td', { class: 'num' }, fmt(route.co2e_kg_per_t.wtw, 1)),
        netback ? h('td', { class: 'num' }, fmt(route.netback_usd_per_t, 2)) : null));
    });
    table.append(body);
    cardify(table);
  }

  function renderLegs() {
    const route = state.plan.routes[state.selected];
    $('legs-title').textContent = `Itinerary of route ${state.selected + 1}: ${route.corridor}`;
    const table = $('legs-table');
    clear(table);
    table.append(h('thead', {}, h('tr', {},
      ['Mode or operation', 'From', 'To', 'km', 'Hours (dwell)', 'USD/t', 'kg CO2e/t (WTW)', 'Note'].map((label, i) =>
        h('th', { scope: 'col', class: i >= 3 && i <= 6 ? 'num' : null }, label)))));
    const body = h('tbody');
    for (const leg of route.legs) {
      const transfer = leg.mode === 'transfer';
      const passages = transfer ? '' : (leg.passages || []).map((p) => PASSAGES[p] || p).join(', ');
      const note = [passages, leg.service ? `scheduled ${leg.service}` : ''].filter(Boolean).join('; ');
      body.append(h('tr', { class: transfer ? 'transfer' : 'move', 'data-mode': leg.mode },
        h('td', {}, transfer ? `${opLabel(leg.operation)} (transfer)` : [h('span', { class: `mode-swatch ${leg.mode}`, 'aria-hidden': 'true' }), MODES[leg.mode] ? MODES[leg.mode].label : leg.mode]),
        h('td', {}, placeName(leg.from)),
        h('td', {}, transfer ? '' : placeName(leg.to)),
        h('td', { class: 'num' }, transfer ? '' : fmt(leg.distance_km)),
        h('td', { class: 'num' }, transfer ? `dwell ${fmt(leg.hours, 1)}` : fmt(leg.hours, 1)),
        h('td', { class: 'num' }, fmt(leg.cost_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(leg.co2e_kg_per_t.wtw, 2)),
        h('td', {}, note)));
    }
    const hours = route.legs.reduce((sum, leg) => sum + leg.hours, 0);
    body.append(h('tr', { class: 'total' },
      h('td', {}, 'Total'), h('td', {}, ''), h('td', {}, ''),
      h('td', { class: 'num' }, fmt(route.distance_km)),
      h('td', { class: 'num' }, `${fmt(hours, 0)} (${fmt(route.days.mean, 1)} days)`),
      h('td', { class: 'num' }, fmt(route.freight_usd_per_t, 2)),
      h('td', { class: 'num' }, fmt(route.co2e_kg_per_t.wtw, 1)),
      h('td', {}, '')));
    table.append(body);
    cardify(table);
    table.append(h('caption', { class: 'hint' }, `Freight and handling USD ${fmt(route.freight_usd_per_t, 2)}/t plus carrying cost (capital tied up in transit) USD ${fmt(route.carrying_usd_per_t, 2)}/t = USD ${fmt(route.cost_usd_per_t, 2)}/t; landed cost USD ${fmt(route.landed_usd_per_t, 2)}/t${route.netback_usd_per_t === undefined ? '' : `; netback USD ${fmt(route.netback_usd_per_t, 2)}/t`}.`));
  }

  // ----------------------------------------------------------------------------- charts
  function niceTicks(lo, hi, count) {
    const span = hi - lo || 1;
    const step0 = span / count;
    const magnitude = 10 ** Math.floor(Math.log10(step0));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= step0);
    const ticks = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(Number(t.toFixed(6)));
    return ticks;
  }

  function axes(chart, box, xs, ys, xLabel, yLabel, xScale, yScale) {
    const g = s('g', { class: 'axis' });
    for (const t of ys) {
      const y = yScale(t);
      g.append(s('line', { class: 'grid', x1: box.left, x2: box.right, y1: y, y2: y }));
      g.append(s('text', { x: box.left - 6, y: y + 4, 'text-anchor': 'end' }, fmt(t)));
    }
    for (const t of xs) {
      const x = xScale(t);
      g.append(s('line', { x1: x, x2: x, y1: box.bottom, y2: box.bottom + 4 }));
      g.append(s('text', { x, y: box.bottom + 16, 'text-anchor': 'middle' }, fmt(t, t % 1 ? 1 : 0)));
    }
    g.append(s('path', { d: `M${box.left},${box.top}V${box.bottom}H${box.right}`, fill: 'none' }));
    g.append(s('text', { x: (box.left + box.right) / 2, y: box.bottom + 32, 'text-anchor': 'middle' }, xLabel));
    g.append(s('text', { x: 12, y: (box.top + box.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 12 ${(box.top + box.bottom) / 2})` }, yLabel));
    chart.append(g);
  }

  function drawPareto() {
    const chart = $('pareto');
    clear(chart);
    const W = 420; const H = 250;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const box = { left: 58, right: W - 16, top: 14, bottom: H - 42 };
    const routes = state.plan.routes;
    const days = routes.map((r) => r.days.mean);
    const cost = routes.map((r) => r.cost_usd_per_t);
    const pad = (lo, hi) => { const d = (hi - lo) * 0.15 || Math.max(hi * 0.1, 1); return [lo - d, hi + d]; };
    const [x0, x1] = pad(Math.min(...days), Math.max(...days));
    const [y0, y1] = pad(Math.min(...cost), Math.max(...cost));
    const xScale = (v) => box.left + (v - x0) / (x1 - x0) * (box.right - box.left);
    const yScale = (v) => box.bottom - (v - y0) / (y1 - y0) * (box.bottom - box.top);
    axes(chart, box, niceTicks(x0, x1, 5), niceTicks(y0, y1, 4), 'Expected transit time, days', 'Cost, USD per tonne', xScale, yScale);
    // points that would overlap are moved apart, a thin line back to where each belongs
    const placed = [];
    routes.forEach((route, i) => {
      const selected = i === state.selected;
      const px = xScale(route.days.mean);
      const py = yScale(route.cost_usd_per_t);
      let [x, y] = [px, py];
      for (let k = 1; k <= 8 && placed.some(([qx, qy]) => Math.hypot(qx - x, qy - y) < 19); k += 1) {
        const angle = (k * Math.PI) / 4;
        [x, y] = [px + 20 * Math.cos(angle), py - 20 * Math.sin(angle)];
      }
      placed.push([x, y]);
      if (x !== px || y !== py) {
        chart.append(s('line', { class: 'pleader', x1: px, y1: py, x2: x, y2: y }), s('circle', { class: 'pdot', cx: px, cy: py, r: 2 }));
      }
      const g = s('g', { class: `point${selected ? ' selected' : ''}`, 'data-route': i + 1, tabindex: 0, role: 'button',
        'aria-label': `Route ${i + 1}: ${fmt(route.days.mean, 1)} days, USD ${fmt(route.cost_usd_per_t, 2)} per tonne`,
        transform: `translate(${x} ${y})`,
        onclick: () => select(i), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(i); } } },
      s('circle', { r: 9 }), s('text', {}, String(i + 1)),
      s('title', {}, `Route ${i + 1}: ${route.corridor}`));
      chart.append(g);
    });
  }

  function drawHistogram() {
    const chart = $('histogram');
    clear(chart);
    const route = state.plan.routes[state.selected];
    const hist = route.transit_histogram;
    $('histogram-caption').textContent = `Transit time of route ${state.selected + 1} (${fmt(hist ? hist.samples : 0)} Monte Carlo samples)`;
    if (!hist) return;
    const W = 420; const H = 250;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const box = { left: 58, right: W - 16, top: 14, bottom: H - 42 };
    const edges = hist.bin_edges_days;
    const shares = hist.counts.map((c) => (100 * c) / hist.samples);
    const x0 = edges[0]; const x1 = edges[edges.length - 1];
    const yMax = Math.max(...shares) * 1.1 || 1;
    const xScale = (v) => box.left + (v - x0) / ((x1 - x0) || 1) * (box.right - box.left);
    const yScale = (v) => box.bottom - v / yMax * (box.bottom - box.top);
    axes(chart, box, niceTicks(x0, x1, 5), niceTicks(0, yMax, 4), 'Transit time door to port, days', 'Share of samples, %', xScale, yScale);
    shares.forEach((share, i) => {
      const xa = xScale(edges[i]); const xb = xScale(edges[i + 1]);
      chart.append(s('rect', { class: 'bar', x: xa + 0.5, width: Math.max(xb - xa - 1, 0.5), y: yScale(share), height: box.bottom - yScale(share) },
        s('title', {}, `${fmt(edges[i], 1)} to ${fmt(edges[i + 1], 1)} days: ${fmt(share, 1)}%`)));
    });
    [['p50', route.days.p50], ['p90', route.days.p90]].forEach(([label, value], i) => {
      const x = xScale(value);
      chart.append(s('line', { class: 'pline', x1: x, x2: x, y1: box.top, y2: box.bottom }));
      chart.append(s('text', { x: x + 4, y: box.top + 12 + i * 14 }, `${label} ${fmt(value, 1)} d`));
    });
  }

  // ----------------------------------------------------------------------------- compare view
  async function runCompare(request) {
    const button = $('compare-button');
    const status = $('compare-status');
    $('compare-error').hidden = true;
    clearInvalid();
    if (!request.origins.length) {
      const error = new Error('add at least one origin');
      error.body = { error: 'invalid_request', field: 'origins' };
      error.status = 422;
      showError($('compare-error'), error, null, 'compare');
      return;
    }
    button.disabled = true;
    status.textContent = 'Comparing';
    status.classList.add('busy');
    $('compare-output').classList.add('stale');
    try {
      state.comparison = await postJson('/api/compare', request);
      state.compareRequest = request;
      state.compareSelected = Math.max(0, state.comparison.rows.findIndex((row) => row.route !== null));
      $('compare-share-box').hidden = true;
      renderComparison();
      reveal($('compare-status'));
    } catch (error) {
      state.comparison = null;
      $('compare-output').hidden = true;
      resetRouteLayers();
      status.textContent = 'No answer for this question (the previous answer is cleared).';
      showError($('compare-error'), error, {
        unit: (unit) => { $('c-unit').value = unit; runCompare(compareRequest()); },
        place: (field, name) => { if (field === 'market') { $('market').value = name; runCompare(compareRequest()); } },
      }, 'compare');
    } finally {
      $('compare-output').classList.remove('stale');
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  function selectCompare(index) {
    const rows = state.comparison.rows;
    if (!rows[index] || rows[index].route === null) return;
    state.compareSelected = index;
    for (const tr of $('compare-table').querySelectorAll('tbody tr')) {
      const chosen = Number(tr.dataset.route) === index + 1;
      tr.classList.toggle('selected', chosen);
      const button = tr.querySelector('button.pick');
      if (button) { button.setAttribute('aria-pressed', String(chosen)); button.tabIndex = chosen ? 0 : -1; }
    }
    for (const bar of $('compare-chart').querySelectorAll('g.stack')) bar.classList.toggle('selected', Number(bar.dataset.route) === index + 1);
    drawComparisonOnMap();
  }

  function renderComparison() {
    const c = state.comparison;
    const price = c.price_usd_per_t;
    $('compare-status').textContent = `${c.commodity} to ${c.market.name}, ${c.objective} first${price !== null && price !== undefined ? `; market price USD ${fmt(price)}/t` : ''}. Click a row to show its route.`;
    $('compare-output').hidden = false;
    const table = $('compare-table');
    clear(table);
    table.append(h('caption', { class: 'hint' }, 'Competitor origins are costed from their port (FOB basis). Landed = cargo value + freight + carrying cost. Netback = market price minus freight and carrying cost.'));
    table.append(h('thead', {}, h('tr', {}, ['#', 'Origin', 'Country', 'Corridor', 'Days mean (p90)', 'Cost USD/t', 'Landed USD/t', 'Netback USD/t'].map((label, i) =>
      h('th', { scope: 'col', class: i >= 4 ? 'num' : null }, label)))));
    const body = h('tbody');
    const count = c.rows.length;
    c.rows.forEach((row, i) => {
      const origin = h('td', {}, row.origin.name, row.competitor ? h('span', { class: 'tag' }, 'competitor') : null,
        row.note ? h('div', { class: 'hint' }, row.note) : null);
      if (row.route === null) {
        body.append(h('tr', { class: 'no-route', 'data-route': i + 1 }, h('td', {}, String(i + 1)), origin, h('td', {}, row.origin.country),
          h('td', { colspan: 5 }, `no route: ${row.reason}`)));
        return;
      }
      const chosen = i === state.compareSelected;
      body.append(h('tr', { 'data-route': i + 1, class: `pickable${chosen ? ' selected' : ''}`, onclick: () => selectCompare(i),
        onmouseenter: () => hoverRow('compare-table', i, true), onmouseleave: () => hoverRow('compare-table', i, false) },
      h('td', {}, h('button', { type: 'button', class: 'pick', 'aria-pressed': String(chosen), tabindex: chosen ? 0 : -1,
        'aria-label': `Origin ${i + 1}: ${row.origin.name}; show its route on the map`,
        onclick: (event) => { event.stopPropagation(); selectCompare(i); },
        onkeydown: (event) => listKeys(event, i, count, selectCompare, 'compare-table') }, String(i + 1))),
      origin, h('td', {}, row.origin.country),
      h('td', {}, row.corridor, h('div', { class: 'hint' }, `${row.unit}, ${(row.terminal || {}).name || ''}`)),
      h('td', { class: 'num' }, `${fmt(row.days.mean, 1)} (${fmt(row.days.p90, 1)})`),
      h('td', { class: 'num' }, fmt(row.cost_usd_per_t, 2)),
      h('td', { class: 'num' }, fmt(row.landed_usd_per_t, 2)),
      h('td', { class: 'num' }, row.netback_usd_per_t === undefined ? '' : fmt(row.netback_usd_per_t, 2))));
    });
    table.append(body);
    cardify(table);
    drawCompareChart();
    drawComparisonOnMap();
  }

  // The parts of landed cost, bottom to top of a stacked bar.
  const LANDED_PARTS = [
    ['value', 'Cargo value', '#d9dde3'], ['freight', 'Freight', '#0b5cad'],
    ['handling', 'Handling at hubs', '#e69f00'], ['carrying', 'Carrying cost (capital in transit)', '#8c4f9f'],
  ];

  function landedParts(row) {
    const handling = (row.legs || []).filter((leg) => leg.mode === 'transfer').reduce((sum, leg) => sum + leg.cost_usd_per_t, 0);
    const freight = row.freight_usd_per_t ?? (row.cost_usd_per_t - (row.carrying_usd_per_t || 0));
    const carrying = row.carrying_usd_per_t ?? 0;
    return { value: row.landed_usd_per_t - freight - carrying, freight: freight - handling, handling, carrying };
  }

  /* Landed cost per tonne as stacked bars of its parts. The axis starts near the smallest
     cargo value (said on the chart), so the parts that differ between origins are readable. */
  function drawCompareChart() {
    const chart = $('compare-chart');
    clear(chart);
    const rows = state.comparison.rows.map((row, i) => ({ row, i })).filter(({ row }) => row.route !== null);
    if (!rows.length) return;
    const W = Math.max(300, Math.round(chart.parentNode.clientWidth || 640));
    const narrow = W < 520;
    const left = narrow ? 8 : Math.min(190, W * 0.3);
    const right = 62;
    const rowH = narrow ? 42 : 28;
    const top = 44;
    const H = top + rows.length * rowH + 12;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    chart.style.height = `${H}px`;
    const parts = rows.map(({ row }) => landedParts(row));
    const totals = rows.map(({ row }) => row.landed_usd_per_t);
    const lowest = Math.min(...parts.map((p) => p.value));
    const span = Math.max(...totals) - Math.min(...totals) || Math.max(...totals) * 0.1 || 1;
    let x0 = lowest > 0 ? Math.max(0, lowest - span * 0.15) : 0;
    const ticks0 = niceTicks(x0, Math.max(...totals), 5);
    const step = ticks0.length > 1 ? ticks0[1] - ticks0[0] : 1;
    x0 = Math.max(0, Math.floor(x0 / step) * step);
    const x1 = Math.max(...totals) + step * 0.2;
    const scale = (v) => left + (Math.max(v, x0) - x0) / (x1 - x0) * (W - left - right);
    const axis = s('g', { class: 'axis' });
    for (const tick of niceTicks(x0, x1, narrow ? 4 : 6)) {
      const x = scale(tick);
      axis.append(s('line', { class: 'grid', x1: x, x2: x, y1: top - 4, y2: H - 8 }));
      axis.append(s('text', { x, y: top - 8, 'text-anchor': 'middle' }, fmt(tick)));
    }
    axis.append(s('text', { x: left, y: 12, 'text-anchor': 'start', class: 'axis-note' },
      x0 > 0 ? `USD per tonne; the axis starts at ${fmt(x0)}, not zero` : 'USD per tonne'));
    chart.append(axis);
    // legend of the parts
    let lx = left;
    const legend = s('g', { class: 'parts-legend' });
    for (const [, label, colour] of LANDED_PARTS) {
      const short = narrow ? label.split(' (')[0].replace('Handling at hubs', 'Handling').replace('Carrying cost', 'Carrying') : label.split(' (')[0];
      legend.append(s('rect', { x: lx, y: 18, width: 10, height: 10, fill: colour }), s('text', { x: lx + 13, y: 27 }, short));
      lx += 13 + short.length * 6.2 + 12;
    }
    chart.append(legend);
    rows.forEach(({ row, i }, k) => {
      const y = top + k * rowH;
      const barY = narrow ? y + 16 : y + 4;
      const barH = narrow ? rowH - 20 : rowH - 8;
      const name = `${i + 1}. ${shortName(row.origin.name)}${row.competitor ? ' (competitor)' : ''}`;
      const g = s('g', { class: `stack${i === state.compareSelected ? ' selected' : ''}`, 'data-route': i + 1, onclick: () => selectCompare(i),
        onmouseenter: () => hoverRow('compare-table', i, true), onmouseleave: () => hoverRow('compare-table', i, false) });
      g.append(narrow ? s('text', { x: left, y: y + 12 }, name) : s('text', { x: left - 8, y: barY + barH / 2 + 4, 'text-anchor': 'end' }, name));
      let at = 0;
      for (const [key, label, colour] of LANDED_PARTS) {
        const value = parts[k][key];
        const xa = scale(at); const xb = scale(at + value);
        at += value;
        if (xb - xa <= 0) continue;
        g.append(s('rect', { class: `part part-${key}`, x: xa, y: barY, width: xb - xa, height: barH, fill: colour },
          s('title', {}, `${row.origin.name}: ${label} USD ${fmt(value, 2)}/t`)));
      }
      g.append(s('rect', { class: 'outline', x: scale(x0), y: barY, width: scale(at) - scale(x0), height: barH, fill: 'none' }));
      if (x0 > 0) g.append(s('path', { class: 'break', d: `M${left - 3},${barY + barH}l3,-4l-3,-4l3,-4`, fill: 'none' }));
      g.append(s('text', { x: scale(at) + 4, y: barY + barH / 2 + 4 }, fmt(row.landed_usd_per_t, 0)));
      chart.append(g);
    });
  }

  // ----------------------------------------------------------------------------- sharing
  async function savePlan(kind) {
    const route = kind === 'route';
    const request = route ? state.planRequest : state.compareRequest;
    const button = $(route ? 'save-plan' : 'save-compare');
    button.disabled = true;
    try {
      const saved = await postJson(`/api/plans/${kind}`, request);
      const link = new URL(saved.links.page, window.location.href).href;
      const input = $(route ? 'share-link' : 'compare-share-link');
      input.value = link;
      $(route ? 'share-box' : 'compare-share-box').hidden = false;
      window.history.replaceState(null, '', saved.links.page);
      input.select();
    } catch (error) {
      showError($(route ? 'route-error' : 'compare-error'), error, null);
    } finally {
      button.disabled = false;
    }
  }

  async function openSavedPlan(id) {
    try {
      const saved = await api(`/api/plans/${encodeURIComponent(id)}`);
      if (saved.kind === 'compare') {
        showView('compare');
        setCompareForm(saved.request);
        state.comparison = saved.result;
        state.compareRequest = saved.request;
        state.compareSelected = Math.max(0, saved.result.rows.findIndex((row) => row.route !== null));
        renderComparison();
        $('compare-status').textContent += ` Saved plan ${saved.id} (landbridge ${saved.version}).`;
      } else {
        setRouteForm(saved.request);
        state.plan = saved.result;
        state.planRequest = saved.request;
        state.selected = 0;
        renderPlan();
        $('route-status').textContent += ` Saved plan ${saved.id} (landbridge ${saved.version}).`;
      }
    } catch (error) {
      showError($('route-error'), error, null);
    }
  }

  // ----------------------------------------------------------------------------- scenarios view
  // Allocation and station simulation run as jobs: POST /api/jobs/{kind} (202), poll the job's
  // status and progress, then read its result. The example scenarios come from /api/examples.
  const JOB_POLL_MS = 300;
  const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

  async function runJob(kind, params, statusBox, bar) {
    let job = await postJson(`/api/jobs/${kind}`, params);
    bar.hidden = false;
    bar.value = 0;
    while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
      statusBox.textContent = `Job ${job.status}, ${Math.round((job.progress || 0) * 100)}%${job.message ? `: ${job.message}` : ''}`;
      bar.value = job.progress || 0;
      await sleep(JOB_POLL_MS);
      job = await api(`/api/jobs/${job.id}`);
    }
    bar.hidden = true;
    if (job.status !== 'succeeded') {
      const error = new Error(job.error || `the job was ${job.status}`);
      error.body = { field: null };
      throw error;
    }
    return api(`/api/jobs/${job.id}/result`);
  }

  async function loadExample(name) {
    const response = await fetch(`/api/examples/${encodeURIComponent(name)}`);
    if (!response.ok) throw new Error(`example ${name} is not available`);
    return response.text();
  }

  function useExample(text) {
    $('scenario-yaml').value = text;
    state.exampleText = text;
    state.whatifs = [];
    clear($('whatif-list'));
    $('wi-supply-t').value = '';
    fillSupplyChoices();
  }

  async function initExamples() {
    const pick = $('example-pick');
    let examples = [];
    try { examples = await api('/api/examples'); } catch (_) { examples = []; }
    state.examples = examples.map((e) => e.name);
    clear(pick);
    if (!examples.length) {
      pick.append(h('option', { value: '' }, 'no examples on this server: write a scenario below'));
      pick.disabled = true;
    } else {
      pick.append(h('option', { value: '' }, 'choose an example ...'));
      for (const e of examples) pick.append(h('option', { value: e.name }, `${e.file}: ${e.description}`));
      pick.addEventListener('change', async () => {
        if (!pick.value) return;
        try { useExample(await loadExample(pick.value)); } catch (error) { showError($('allocate-error'), error, null, 'scenario'); }
      });
    }
    if (state.examples.includes('demo') && !$('scenario-yaml').value) {
      try {
        useExample(await loadExample('demo'));
        pick.value = 'demo';
      } catch (_) { /* the field stays empty for a pasted scenario */ }
    }
    $('fill-diff').hidden = !state.examples.includes('demo_no_russia');
    document.body.dataset.examples = 'ready';
  }

  const usd = (value) => (value === null || value === undefined ? 'n/a' : `USD ${fmt(value)}`);
  const tonnes = (value) => `${fmt(value)} t`;
  const signed = (value, digits = 0) => (value > 0 ? `+${fmt(value, digits)}` : value < 0 ? `\u2212${fmt(-value, digits)}` : fmt(value, digits));

  function table(id, caption, heads, rows) {
    // heads: [label, numeric?]; rows: arrays of cells (string or Node); an empty list says so
    const node = h('table', { class: 'data', id },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, heads.map(([label, num]) => h('th', { scope: 'col', class: num ? 'num' : null }, label)))),
      h('tbody', {}, rows.map((row) => h('tr', { class: row.className || null },
        row.map((cell, i) => h('td', { class: heads[i][1] ? 'num' : (heads[i][2] || null) }, cell))))));
    return h('div', { class: 'table-wrap' }, node);
  }

  function headline(pairs) {
    return h('dl', { class: 'headline' }, pairs.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))));
  }

  function renderAllocation(alloc, prefix) {
    const inUse = alloc.capacities.filter((c) => c.tonnes > 0 || c.binding)
      .sort((a, b) => (b.binding - a.binding) || ((b.utilisation || 0) - (a.utilisation || 0)));
    const shortfalls = [
      ...alloc.stranded.map((s) => ['stranded supply', s]),
      ...alloc.unmet.map((s) => ['unmet demand', s]),
    ];
    return [
      headline([
        ['Scenario', alloc.scenario],
        ['Delivered', tonnes(alloc.delivered_t)],
        ['Total cost', usd(alloc.total_cost_usd)],
        ['Netback', alloc.netback_usd === null ? 'n/a (no prices in the scenario)' : usd(alloc.netback_usd)],
      ]),
      h('h3', {}, 'Flows by corridor ', h('span', { class: 'hint' }, 'tonnes per year')),
      table(`${prefix}corridors-table`, null, [['Commodity'], ['Corridor'], ['Tonnes', true]],
        alloc.corridors.map((c) => [c.commodity, c.corridor, fmt(c.tonnes)])),
      h('h3', {}, 'Capacities in use ', h('span', { class: 'hint' }, 'binding first; value = what one more tonne of capacity saves')),
      table(`${prefix}capacities-table`, null,
        [['Element'], ['Status'], ['USD per extra t', true], ['Use', true], ['Used t', true], ['Capacity t', true], ['Scope'], ['Source', false, 'source']],
        inUse.map((c) => {
          const row = [c.name, c.binding ? h('span', { class: 'tag binding' }, 'BINDING') : 'spare',
            fmt(c.value_usd_per_t, 2), c.utilisation === null ? '' : `${fmt(c.utilisation * 100)}%`,
            fmt(c.tonnes), fmt(c.capacity_t), c.scope, c.source];
          if (c.binding) row.className = 'binding';
          return row;
        })),
      h('h3', {}, 'Stranded supply and unmet demand'),
      shortfalls.length
        ? table(`${prefix}shortfalls-table`, null, [['What'], ['Place'], ['Commodity'], ['Tonnes', true], ['Reason']],
          shortfalls.map(([what, s]) => [what, s.place.name, s.commodity, fmt(s.tonnes), s.reason]))
        : h('p', { class: 'none' }, 'None: all supply is exported and every minimum demand is met.'),
    ];
  }

  const BOTTLENECK_HEADS = [['Element'], ['USD per extra t', true], ['Capacity t', true], ['Scope']];

  function bottleneckRows(list) {
    return list.map((c) => [c.name, fmt(c.value_usd_per_t, 2), fmt(c.capacity_t), c.scope]);
  }

  function renderDiff(result) {
    const d = result.diff;
    return [
      h('h3', {}, `What changes: ${d.base} \u2192 ${d.other}`),
      headline([
        ['Cost change', `USD ${signed(d.cost_change_usd)}`],
        ['Delivered change', `${signed(d.delivered_change_t)} t`],
      ]),
      h('h4', {}, 'Flows shifted'),
      d.corridors.length
        ? table('diff-corridors-table', null, [['Commodity'], ['Corridor'], ['Change t', true], ['Before t', true], ['After t', true]],
          d.corridors.map((c) => [c.commodity, c.corridor, signed(c.change_t), fmt(c.before_t), fmt(c.after_t)]))
        : h('p', { class: 'none' }, 'No corridor changes.'),
      h('h4', {}, 'New bottlenecks'),
      d.new_bottlenecks.length
        ? table('new-bottlenecks-table', null, BOTTLENECK_HEADS, bottleneckRows(d.new_bottlenecks))
        : h('p', { class: 'none' }, 'None.'),
      h('h4', {}, 'Relieved bottlenecks'),
      d.relieved_bottlenecks.length
        ? table('relieved-bottlenecks-table', null, BOTTLENECK_HEADS, bottleneckRows(d.relieved_bottlenecks))
        : h('p', { class: 'none' }, 'None.'),
    ];
  }

  /* What to allocate: the scenario alone; or, with a second scenario, the two and what
     changed; or, after what-ifs on an example, the example and the what-if version. */
  function allocationParams() {
    const yaml = $('scenario-yaml').value;
    const diff = $('diff-yaml').value;
    if (diff.trim()) return { scenario: yaml, diff };
    if (state.whatifs.length && state.exampleText && yaml !== state.exampleText) return { scenario: state.exampleText, diff: yaml };
    return { scenario: yaml };
  }

  async function runAllocation() {
    const button = $('allocate-button');
    const status = $('allocate-status');
    const output = $('allocate-output');
    $('allocate-error').hidden = true;
    clearInvalid();
    if (!$('scenario-yaml').value.trim()) {
      const error = new Error('there is no scenario yet: choose an example above, or write one (supply and demand at least).');
      error.body = { error: 'invalid_request', field: 'scenario' };
      error.status = 422;
      showError($('allocate-error'), error, null, 'scenario');
      return;
    }
    const params = allocationParams();
    button.disabled = true;
    status.classList.add('busy');
    output.classList.add('stale');
    status.textContent = 'Submitting the allocation';
    try {
      const result = await runJob('allocate', params, status, $('allocate-progress'));
      clear(output);
      if (result.diff) {
        append(output, [renderDiff(result), h('h3', {}, `Base: ${result.base.scenario}`), renderAllocation(result.base, ''),
          h('details', { class: 'other' }, h('summary', {}, `The allocation with ${result.other.scenario}`), renderAllocation(result.other, 'other-'))]);
      } else {
        append(output, renderAllocation(result, ''));
      }
      output.querySelectorAll('table.data').forEach(cardify);
      output.hidden = false;
      state.allocation = result;
      drawAllocationOnMap();
      status.textContent = result.diff
        ? `Allocated both: ${fmt(result.base.delivered_t)} t delivered, then ${fmt(result.other.delivered_t)} t. The map shows the second and what moved.`
        : `Allocated: ${fmt(result.delivered_t)} t delivered. The map shows the flows.`;
      reveal(status);
    } catch (error) {
      output.hidden = true;
      state.allocation = null;
      resetRouteLayers();
      status.textContent = 'No allocation for this scenario (the previous one is cleared).';
      showError($('allocate-error'), error, null, 'scenario');
    } finally {
      output.classList.remove('stale');
      $('allocate-progress').hidden = true;
      status.classList.remove('busy');
      button.disabled = false;
    }
  }

  // ----------------------------------------------------------------------------- flow map
  function flowCoords(element) {
    if (element.includes('>>')) {
      // a sea lane: drawn as an arc between its ports (the lane itself is not in the answer)
      const [a, b] = element.split('>>').map((id) => state.places.get(id));
      if (!a || !b) return null;
      const [x0, y0] = project(near(a.lon, 75), a.lat);
      const [x1, y1] = project(near(b.lon, 75), b.lat);
      const bend = 0.2;
      const cx = (x0 + x1) / 2 + (y1 - y0) * bend;
      const cy = (y0 + y1) / 2 - (x1 - x0) * bend;
      return { d: `M${x0},${y0}Q${cx},${cy} ${x1},${y1}`, points: [[x0, y0], [cx, cy], [x1, y1]], mid: [(x0 + 2 * cx + x1) / 4, (y0 + 2 * cy + y1) / 4] };
    }
    const coords = state.netLinks.get(element);
    if (!coords) return null;
    const points = coords.map(([lon, lat]) => project(near(lon, 75), lat));
    const d = points.map(([x, y], i) => `${i ? 'L' : 'M'}${x},${y}`).join('');
    const mid = [(points[0][0] + points[points.length - 1][0]) / 2, (points[0][1] + points[points.length - 1][1]) / 2];
    return { d, points, mid };
  }

  const FLOW_WIDTH_PX = 14; // the widest flow on the map, in pixels
  const megatonnes = (t) => (t >= 100000 ? `${fmt(t / 1e6, 2)} Mt` : `${fmt(t / 1000)} kt`);

  /* An allocation as a flow map: each link's line as wide as its tonnes a year (the widest
     link FLOW_WIDTH_PX), binding capacities marked; with a second scenario, the second's flows
     coloured by what moved (green more, red dashed less than the first). */
  function drawAllocationOnMap() {
    resetRouteLayers();
    const result = state.allocation;
    const note = $('flow-note');
    if (!result) { note.hidden = true; return; }
    const after = result.diff ? result.other : result;
    const before = result.diff ? result.base : null;
    const byElement = (alloc) => new Map(alloc.links.map((link) => [link.element, link]));
    const now = byElement(after);
    const then = before ? byElement(before) : new Map();
    const elements = [...new Set([...now.keys(), ...then.keys()])];
    const most = Math.max(1, ...elements.map((e) => Math.max((now.get(e) || {}).tonnes || 0, (then.get(e) || {}).tonnes || 0)));
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const grow = ([x, y]) => { bbox.x0 = Math.min(bbox.x0, x); bbox.x1 = Math.max(bbox.x1, x); bbox.y0 = Math.min(bbox.y0, y); bbox.y1 = Math.max(bbox.y1, y); };
    const drawn = [];
    for (const element of elements) {
      const a = now.get(element);
      const b = then.get(element);
      const t1 = a ? a.tonnes : 0;
      const t0 = before ? (b ? b.tonnes : 0) : t1;
      const info = a || b;
      const geometry = flowCoords(element);
      if (!geometry) continue;
      geometry.points.forEach(grow);
      const change = t1 - t0;
      const moved = before && Math.abs(change) > most * 0.01 ? (change > 0 ? ' up' : ' down') : '';
      const width = 1.5 + (FLOW_WIDTH_PX - 1.5) * Math.max(t1, moved === ' down' ? t0 * 0.25 : 0) / most;
      const family = String(info.mode || '').startsWith('rail') ? 'rail' : info.mode;
      const title = `${info.name}: ${fmt(t1)} t a year${before ? ` (${signed(change)} t from ${fmt(t0)})` : ''}`;
      drawn.push({ t: Math.max(t1, t0), node: s('path', { class: `flow ${family}${moved}`, d: geometry.d, 'data-element': element,
        'stroke-width': width.toFixed(1), 'data-tonnes': Math.round(t1) }, s('title', {}, title)), geometry, t1, change, moved });
    }
    // thin lines on top of wide ones
    drawn.sort((p, q) => q.t - p.t).forEach((flow) => map.routes.append(flow.node));
    // the heaviest flows and the largest changes labelled with their tonnes
    const labelled = drawn.slice().sort((p, q) => (before ? Math.abs(q.change) - Math.abs(p.change) : q.t1 - p.t1)).slice(0, 12);
    const said = new Set();
    for (const flow of labelled) {
      if (!flow.t1 && !flow.change) continue;
      const [x, y] = flow.geometry.mid;
      const words = before ? `${flow.change >= 0 ? '+' : '\u2212'}${megatonnes(Math.abs(flow.change))}` : megatonnes(flow.t1);
      if (said.has(words)) continue; // a chain of links carrying the same tonnes: said once
      said.add(words);
      const g = s('g', { class: 'marker flow-label' });
      const text = s('text', { x: 9, y: 4 }, words);
      g.append(text);
      map.markers.append(g);
      map.scaled.push({ node: g, x, y });
      addLabel(text, x, y, 3, 2);
    }
    // binding capacities: places as red squares, links outlined
    const binding = after.capacities.filter((c) => c.binding);
    for (const c of binding) {
      const place = state.places.get(c.element);
      const words = `${shortName(c.name)}: full (${megatonnes(c.capacity_t)})`;
      if (place) {
        const xy = project(near(place.lon, 75), place.lat);
        grow(xy);
        addMarker(map.markers, xy[0], xy[1], 'border binding', words, `${c.name}: binding, ${fmt(c.tonnes)} of ${fmt(c.capacity_t)} t a year; one more tonne of capacity saves USD ${fmt(c.value_usd_per_t, 2)}`, 0);
      } else {
        const geometry = flowCoords(c.element);
        if (!geometry) continue;
        map.routes.append(s('path', { class: 'flow binding', d: geometry.d, 'stroke-width': 2, 'stroke-dasharray': '2 3' }, s('title', {}, words)));
      }
    }
    // where the flows start and end
    const ends = new Map();
    for (const row of after.flows) {
      ends.set(row.origin.id, ['origin', row.origin.name]);
      ends.set(row.market.id, ['market', row.market.name]);
    }
    for (const [id, [kind, name]] of ends) {
      const place = state.places.get(id);
      if (!place) continue;
      const xy = project(near(place.lon, 75), place.lat);
      grow(xy);
      addMarker(map.markers, xy[0], xy[1], kind === 'market' ? 'end market' : 'compare', shortName(name), `${kind === 'market' ? 'Market' : 'Supply'}: ${name}`, 1);
    }
    map.svg.dataset.flows = String(drawn.filter((flow) => flow.t1 > 0).length);
    note.hidden = false;
    note.textContent = `Flow map of ${after.scenario}: line width = tonnes a year (widest ${megatonnes(most)}); sea lanes as arcs between ports; red squares: capacities in full use.`
      + (before ? ` Compared with ${before.scenario}: green = more, red dashed = less.` : '');
    map.content = bbox;
    fitContent();
  }

  // ----------------------------------------------------------------------------- what-ifs
  /* The form's what-ifs edit the YAML text itself (the YAML stays the one truth, shown and
     editable): a list item is added under its top-level key, or the key is added. */
  function yamlKeyLine(lines, key) {
    return lines.findIndex((line) => new RegExp(`^${key}\\s*:`).test(line));
  }

  function yamlAddItem(text, key, item) {
    const lines = text.replace(/\s+$/, '').split('\n');
    const at = yamlKeyLine(lines, key);
    if (at < 0) return `${lines.join('\n')}\n${key}:\n  - ${item}\n`;
    const rest = lines[at].replace(/^[^:]*:\s*/, '').replace(/\s+#.*$/, '');
    if (rest.startsWith('[')) {
      const inner = rest.slice(1, rest.lastIndexOf(']')).trim();
      lines[at] = `${key}: [${inner ? `${inner}, ` : ''}${item}]`;
      return `${lines.join('\n')}\n`;
    }
    let end = at;
    for (let i = at + 1; i < lines.length; i += 1) {
      if (/^\s+\S/.test(lines[i])) end = i;
      else if (lines[i].trim() && !lines[i].trim().startsWith('#')) break;
    }
    lines.splice(end + 1, 0, `  - ${item}`);
    return `${lines.join('\n')}\n`;
  }

  function yamlSetFactor(text, kind, key, factor) {
    const lines = text.replace(/\s+$/, '').split('\n');
    const entry = `"${key}": ${factor}`;
    const at = yamlKeyLine(lines, 'multipliers');
    if (at < 0) return `${lines.join('\n')}\nmultipliers:\n  ${kind}: {${entry}}\n`;
    for (let i = at + 1; i < lines.length && /^\s+\S|^\s*$|^\s*#/.test(lines[i]); i += 1) {
      const match = lines[i].match(new RegExp(`^(\\s+${kind}\\s*:\\s*)\\{(.*)\\}`));
      if (match) {
        const kept = match[2].split(',').map((p) => p.trim()).filter((p) => p && p.split(':').slice(0, -1).join(':').replace(/["']/g, '').trim() !== key);
        lines[i] = `${match[1]}{${[...kept, entry].join(', ')}}`;
        return `${lines.join('\n')}\n`;
      }
    }
    lines.splice(at + 1, 0, `  ${kind}: {${entry}}`);
    return `${lines.join('\n')}\n`;
  }

  const SUPPLY_ROW = /^(\s*-\s*\{\s*origin:\s*)([^,}]+?)(\s*,\s*commodity:\s*)([^,}]+?)(\s*,\s*tonnes:\s*)([0-9._eE+]+)/;

  function supplyRows(text) {
    return text.split('\n').map((line) => line.match(SUPPLY_ROW)).filter(Boolean)
      .map((m) => ({ origin: m[2].trim(), commodity: m[4].trim(), tonnes: Number(m[6].replace(/_/g, '')) }));
  }

  function yamlSetSupply(text, origin, commodity, tonnes) {
    return text.split('\n').map((line) => {
      const m = line.match(SUPPLY_ROW);
      if (!m || m[2].trim() !== origin || m[4].trim() !== commodity) return line;
      return line.replace(SUPPLY_ROW, `$1$2$3$4$5${Math.round(tonnes)}`);
    }).join('\n');
  }

  function yamlMarkWhatIf(text) {
    return text.replace(/^name:\s*(.*)$/m, (line, name) => (name.endsWith('(what-if)') ? line : `name: ${name.replace(/^["']|["']$/g, '')} (what-if)`));
  }

  function fillSupplyChoices() {
    const pick = $('wi-supply');
    const rows = supplyRows($('scenario-yaml').value);
    const chosen = pick.value;
    clear(pick);
    rows.forEach((row) => pick.append(h('option', { value: `${row.origin}|${row.commodity}`, 'data-tonnes': row.tonnes }, `${row.origin}, ${row.commodity} (${fmt(row.tonnes)} t)`)));
    if (!rows.length) pick.append(h('option', { value: '' }, 'no supply rows in the scenario'));
    if ([...pick.options].some((o) => o.value === chosen)) pick.value = chosen;
    const option = pick.selectedOptions[0];
    if (option && option.dataset.tonnes && !$('wi-supply-t').value) $('wi-supply-t').value = option.dataset.tonnes;
  }

  function applyWhatIf(words, edit) {
    const box = $('whatif-error');
    box.hidden = true;
    const field = $('scenario-yaml');
    if (!field.value.trim()) {
      box.hidden = false;
      box.textContent = 'Choose an example first (“Start from an example”): the what-ifs change it.';
      return;
    }
    field.value = yamlMarkWhatIf(edit(field.value));
    state.whatifs.push(words);
    $('whatif-list').append(h('li', {}, words));
    fillSupplyChoices();
  }

  function whatIfProblem(message, control) {
    const box = $('whatif-error');
    box.hidden = false;
    box.textContent = message;
    if (control) { control.setAttribute('aria-invalid', 'true'); control.focus(); }
  }

  function initWhatIfs() {
    fillSelect($('wi-passage'), state.options.passages, state.options.passages.map((p) => PASSAGES[p] || p), 'bab-el-mandeb');
    fillSelect($('wi-tariff-country'), [''].concat(state.options.countries.map((c) => c.code)),
      ['every country'].concat(state.options.countries.map((c) => c.name)), '');
    combobox($('wi-close'), $('wi-close-list'));
    combobox($('wi-capacity'), $('wi-capacity-list'));
    $('wi-close-add').addEventListener('click', () => {
      const element = $('wi-close').value.trim();
      const days = numberOrNull($('wi-close-days'));
      clearInvalid();
      if (!element) { whatIfProblem('Name the crossing, port or link to close in “Close a crossing, port or link”.', $('wi-close')); return; }
      if (!(days >= 1 && days <= 365)) { whatIfProblem('“For how many days a year” takes 1 to 365 (365 closes it all year).', $('wi-close-days')); return; }
      applyWhatIf(`${element} closed ${fmt(days)} days a year`, (text) => yamlAddItem(text, 'closures', `{element: ${element}, days: ${days}}`));
    });
    $('wi-passage-add').addEventListener('click', () => {
      const passage = $('wi-passage').value;
      applyWhatIf(`${PASSAGES[passage] || passage} closed all year`, (text) => yamlAddItem(text, 'avoid', passage));
    });
    $('wi-capacity-add').addEventListener('click', () => {
      const element = $('wi-capacity').value.trim();
      const tonnesYear = numberOrNull($('wi-capacity-t'));
      clearInvalid();
      if (!element) { whatIfProblem('Name the place or link in “Change the capacity of”.', $('wi-capacity')); return; }
      if (!(tonnesYear >= 0)) { whatIfProblem('“To tonnes a year” takes a number of tonnes, 0 or more.', $('wi-capacity-t')); return; }
      applyWhatIf(`${element} capacity ${fmt(tonnesYear)} t a year`, (text) => yamlAddItem(text, 'capacity', `{element: ${element}, tonnes_per_year: ${tonnesYear}}`));
    });
    $('wi-tariff-add').addEventListener('click', () => {
      const mode = $('wi-tariff-mode').value;
      const country = $('wi-tariff-country').value;
      const factor = numberOrNull($('wi-tariff-factor'));
      clearInvalid();
      if (!(factor > 0)) { whatIfProblem('“By ×” takes a factor above 0 (1.2 is 20% dearer).', $('wi-tariff-factor')); return; }
      const key = country ? `${mode}:${country}` : mode;
      const where = country ? ` in ${$('wi-tariff-country').selectedOptions[0].textContent}` : '';
      applyWhatIf(`${mode} tariff${where} \u00d7 ${factor}`, (text) => yamlSetFactor(text, 'tariff', key, factor));
    });
    $('wi-supply').addEventListener('change', () => {
      const option = $('wi-supply').selectedOptions[0];
      if (option && option.dataset.tonnes) $('wi-supply-t').value = option.dataset.tonnes;
    });
    $('wi-supply-add').addEventListener('click', () => {
      const [origin, commodity] = ($('wi-supply').value || '|').split('|');
      const tonnesYear = numberOrNull($('wi-supply-t'));
      clearInvalid();
      if (!origin) { whatIfProblem('The scenario has no supply rows to change: add one in the YAML.', null); return; }
      if (!(tonnesYear >= 0)) { whatIfProblem('“To tonnes a year” takes a number of tonnes, 0 or more.', $('wi-supply-t')); return; }
      applyWhatIf(`${origin} ${commodity}: ${fmt(tonnesYear)} t a year`, (text) => yamlSetSupply(text, origin, commodity, tonnesYear));
    });
    $('whatif-undo').addEventListener('click', () => {
      if (state.exampleText) $('scenario-yaml').value = state.exampleText;
      state.whatifs = [];
      clear($('whatif-list'));
      $('whatif-error').hidden = true;
      fillSupplyChoices();
    });
    $('scenario-yaml').addEventListener('change', fillSupplyChoices);
  }

  const ci = (stat, digits = 0) => (stat && stat.ci95 ? `${fmt(stat.ci95[0], digits)} to ${fmt(stat.ci95[1], digits)}` : '');

  function renderSimulation(report) {
    const rows = [
      ['Throughput, t/year', report.throughput_t_per_year, 0],
      ['Received by rail, t/year', report.received_t_per_year, 0],
      ['Ship demurrage, USD/year', report.demurrage_usd_per_year, 0],
      ['Wagon demurrage, USD/year', report.wagon_demurrage_usd_per_year, 0],
    ].map(([label, stat, digits]) => [label, fmt(stat.mean, digits), ci(stat, digits)]);
    const stage = (report.delays || []).find((d) => d.stage === report.bottleneck);
    rows.push(['Bottleneck (costliest wait)', report.bottleneck,
      stage ? `${fmt(stage.hours_per_year.mean)} h/year waiting, USD ${fmt(stage.cost_usd_per_year.mean)}/year` : '']);
    for (const [unit, dwell] of Object.entries(report.port_dwell_h || {})) {
      rows.push([`Port dwell, ${unit}, mean h`, fmt(dwell.mean.mean, 1), ci(dwell.mean, 1)]);
      rows.push([`Port dwell, ${unit}, p90 h`, fmt(dwell.p90.mean, 1), ci(dwell.p90, 1)]);
    }
    const node = $('simulate-table');
    clear(node);
    append(node, [
      h('caption', {}, `${report.station}: ${fmt(report.days)} days \u00d7 ${report.replications} replications, seed ${report.seed}; 95% interval over replications.`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Figure'), h('th', { scope: 'col', class: 'num' }, 'Mean'), h('th', { scope: 'col' }, '95% interval'))),
      h('tbody', {}, rows.map(([label, mean, interval]) => h('tr', {}, h('th', { scope: 'row' }, label), h('td', { class: 'num' }, mean), h('td', {}, interval)))),
    ]);
  }

  async function runSimulation() {
    const button = $('simulate-button');
    const status = $('simulate-status');
    $('simulate-error').hidden = true;
    const params = {
      days: numberOrNull($('sim-days')) ?? 365,
      replications: numberOrNull($('sim-replications')) ?? 10,
      seed: numberOrNull($('sim-seed')) ?? 0,
    };
    const station = $('station-yaml').value;
    if (station.trim()) params.station = station;
    button.disabled = true;
    status.classList.add('busy');
    status.textContent = 'Submitting the simulation';
    try {
      const report = await runJob('simulate', params, status, $('simulate-progress'));
      renderSimulation(report);
      $('simulate-output').hidden = false;
      status.textContent = `Simulated ${report.station}.`;
    } catch (error) {
      $('simulate-output').hidden = true;
      status.textContent = 'No simulation for these settings.';
      showError($('simulate-error'), error, null);
    } finally {
      $('simulate-progress').hidden = true;
      status.classList.remove('busy');
      button.disabled = false;
    }
  }

  // ----------------------------------------------------------------------------- catchment view
  // The gateway's mean share of an origin's flows, in bands: colour, and the band in words.
  const SHARE_BANDS = [
    [0.5, '#08519c', 'wins most (50% or more)'], [0.2, '#4292c6', 'a large part (20 to 50%)'],
    [0.05, '#9ecae1', 'a small part (5 to 20%)'], [0, '#f0f0f0', 'little or none (under 5%)'],
  ];
  const shareBand = (share) => SHARE_BANDS.find(([least]) => share >= least);
  const pct = (share) => `${fmt(100 * share)}%`;

  function catchmentRequest() {
    const market = $('k-market').value.trim();
    return { gateway: $('k-gateway').value, cargo: [$('k-cargo').value], markets: market ? [market] : [] };
  }

  async function runCatchment(request) {
    const button = $('catchment-button');
    const status = $('catchment-status');
    $('catchment-error').hidden = true;
    clearInvalid();
    button.disabled = true;
    status.textContent = 'Working out the catchment';
    status.classList.add('busy');
    try {
      state.catchment = await postJson('/api/catchment', request);
      renderCatchment();
      reveal(status);
    } catch (error) {
      state.catchment = null;
      announceCatchment(null);
      $('catchment-output').hidden = true;
      resetRouteLayers();
      status.textContent = 'No answer for this question (the previous answer is cleared).';
      showError($('catchment-error'), error, null, 'catchment');
    } finally {
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  /* Per origin: the flow where the gateway does best (its largest share) among those with a
     rival route, for the margins; a flow with no rival only if the origin has nothing else. */
  function catchmentRows(c) {
    const best = new Map();
    const rank = (flow) => [flow.other ? 1 : 0, flow.share];
    for (const flow of c.flows) {
      const seen = best.get(flow.origin.id);
      const [a, b] = rank(flow);
      if (!seen || a > rank(seen)[0] || (a === rank(seen)[0] && b > rank(seen)[1])) best.set(flow.origin.id, flow);
    }
    return c.origins.map((o) => ({ ...o, flow: best.get(o.origin.id) }))
      .sort((a, b) => (b.mean_share - a.mean_share) || (b.gateway_tonnes - a.gateway_tonnes));
  }

  function renderCatchment() {
    const c = state.catchment;
    const rows = catchmentRows(c);
    const n = c.counts;
    $('catchment-status').textContent = `${c.gateway}: of ${n.flows} origin-market flows it can serve, it beats the best rival route on ${n.beat_rival} ("rival"), `
      + `is the only route for ${n.only_route} ("sole") and loses ${n.lost}; `
      + `${fmt(c.tonnes)} t/yr through it under scenario ${c.scenario || '(none)'}. Margins: the gateway's route against the best avoiding it, `
      + 'for the market where its share is largest (positive: the gateway is ahead).';
    $('catchment-output').hidden = false;
    const node = $('catchment-table');
    clear(node);
    node.append(h('thead', {}, h('tr', {}, ['Origin', 'Share (band)', 'Won', 'Market', 'Days saved', 'USD/t saved', 'Generalised USD/t', 't/yr via gateway']
      .map((label, i) => h('th', { scope: 'col', class: i >= 4 ? 'num' : null }, label)))));
    node.append(h('tbody', {}, rows.map((row) => {
      const m = (row.flow || {}).margin || {};
      const band = shareBand(row.mean_share);
      const margin = (value, digits) => (value === null || value === undefined ? 'no other route' : signed(value, digits));
      return h('tr', { 'data-origin': row.origin.id },
        h('td', {}, `${row.origin.name} (${row.origin.country})`),
        h('td', {}, s('svg', { class: 'swatch', viewBox: '0 0 14 14', 'aria-hidden': 'true' },
          s('circle', { cx: 7, cy: 7, r: 6, fill: band[1], stroke: '#111', 'stroke-width': 1.5 })), `${pct(row.mean_share)} (${band[2]})`),
        h('td', { title: `${row.beat_rival} won over a rival route, ${row.only_route} as the only route` },
          `${row.won} of ${row.flows}`, h('br'), h('span', { class: 'hint' }, `${row.beat_rival} rival, ${row.only_route} sole`)),
        h('td', {}, row.flow ? shortName(row.flow.market.name) : ''),
        h('td', { class: 'num' }, margin(m.days, 1)),
        h('td', { class: 'num' }, margin(m.usd_per_t, 2)),
        h('td', { class: 'num' }, margin(m.generalised_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(row.gateway_tonnes)));
    })));
    cardify(node);
    let legend = $('catchment-legend');
    if (!legend) {
      legend = h('ul', { id: 'catchment-legend', class: 'legend', 'aria-label': 'Catchment map legend' });
      $('catchment-output').prepend(legend);
    }
    clear(legend);
    legend.append(h('li', {}, s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
      s('rect', { x: 12, y: 2, width: 10, height: 10, fill: '#111', stroke: '#111', 'stroke-width': 1.5 })), 'The gateway (black square)'));
    for (const [, colour, words] of SHARE_BANDS) {
      legend.append(h('li', {}, s('svg', { viewBox: '0 0 34 14', 'aria-hidden': 'true' },
        s('circle', { cx: 17, cy: 7, r: 6, fill: colour, stroke: '#111', 'stroke-width': 1.5 })), `Origin: gateway's share ${words}; labelled with its share`));
    }
    drawCatchmentOnMap();
    announceCatchment(c);
  }

  /* The break-even control (breakeven.js) follows the catchment shown: null when none is. */
  function announceCatchment(c) {
    document.dispatchEvent(new CustomEvent('landbridge:catchment', { detail: c }));
  }

  function drawCatchmentOnMap() {
    resetRouteLayers();
    const c = state.catchment;
    if (!c) { applyView(); return; }
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const grow = (x, y) => { bbox.x0 = Math.min(bbox.x0, x); bbox.x1 = Math.max(bbox.x1, x); bbox.y0 = Math.min(bbox.y0, y); bbox.y1 = Math.max(bbox.y1, y); };
    for (const id of c.gateway_ids) {
      const place = state.places.get(id);
      if (!place) continue;
      const [x, y] = project(place.lon, place.lat);
      grow(x, y);
      const g = addMarker(map.markers, x, y, 'catchment gateway border', shortName(place.name), `Gateway: ${place.name}`, 0);
      g.dataset.place = id;
    }
    for (const row of catchmentRows(c)) {
      const place = state.places.get(row.origin.id);
      if (!place) continue;
      const [x, y] = project(place.lon, place.lat);
      grow(x, y);
      const band = shareBand(row.mean_share);
      const g = addMarker(map.markers, x, y, 'catchment origin', `${shortName(row.origin.name)} ${pct(row.mean_share)}`,
        `${row.origin.name}: gateway's share ${pct(row.mean_share)} (${band[2]}), wins ${row.won} of ${row.flows} flows (${row.beat_rival} over a rival, ${row.only_route} as the only route)`, 1);
      g.querySelector('circle').setAttribute('fill', band[1]);
      g.dataset.place = row.origin.id;
      g.dataset.share = String(row.mean_share);
    }
    map.content = bbox;
    fitContent();
  }

  // ----------------------------------------------------------------------------- where to process
  function processRequest() {
    return { origin: $('p-origin').value.trim(), market: $('p-market').value.trim(),
      commodity: $('p-input').value, output: $('p-output').value };
  }

  async function runProcess(request) {
    const button = $('process-button');
    const status = $('process-status');
    $('process-error').hidden = true;
    clearInvalid();
    button.disabled = true;
    status.textContent = 'Pricing the chain at every site';
    status.classList.add('busy');
    try {
      state.process = await postJson('/api/process', request);
      state.processRequest = request;
      renderProcess();
      reveal(status);
      const first = state.process.options.findIndex((o) => o.margin_usd_per_t !== null && o.margin_usd_per_t !== undefined);
      if (first >= 0) await selectProcess(first);
    } catch (error) {
      state.process = null;
      $('process-output').hidden = true;
      status.textContent = 'No answer for this question (the previous answer is cleared).';
      showError($('process-error'), error, null, 'process');
    } finally {
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  function renderProcess() {
    const p = state.process;
    const best = p.best ? p.best.name : 'none';
    const gap = p.gap_to_runner_up_usd_per_t;
    $('process-status').textContent = `${p.commodity} to ${p.output}, per ${p.per}. Best: ${best}`
      + `${gap === null || gap === undefined ? '' : `, USD ${fmt(gap, 2)}/t ahead of the next`}. Choose a row for its chain.`;
    $('process-output').hidden = false;
    const node = $('process-table');
    clear(node);
    node.append(h('thead', {}, h('tr', {}, ['#', 'Site', 'Margin USD/t', 'Netback USD/t', 'Days', 'CO2e kg/t']
      .map((label, i) => h('th', { scope: 'col', class: i >= 2 ? 'num' : null }, label)))));
    node.append(h('tbody', {}, p.options.map((o, i) => {
      if (o.margin_usd_per_t === null || o.margin_usd_per_t === undefined) {
        return h('tr', { class: 'no-route', 'data-option': i + 1 }, h('td', {}, String(i + 1)),
          h('td', {}, o.name, h('div', { class: 'hint' }, o.site)), h('td', { colspan: 4 }, `not priced: ${o.reason || ''}`));
      }
      return h('tr', { class: 'pickable', 'data-option': i + 1, onclick: () => selectProcess(i) },
        h('td', {}, h('button', { type: 'button', class: 'pick', 'aria-pressed': 'false',
          'aria-label': `Option ${i + 1}: ${o.name}; show its chain`,
          onclick: (event) => { event.stopPropagation(); selectProcess(i); } }, String(i + 1))),
        h('td', {}, o.name, o.proposed ? h('span', { class: 'tag' }, 'proposed') : null, h('div', { class: 'hint' }, o.site)),
        h('td', { class: 'num' }, signed(o.margin_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(o.netback_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(o.days_mean, 1)),
        h('td', { class: 'num' }, fmt(o.co2e_wtw_kg_per_t, 0)));
    })));
    cardify(node);
  }

  /* The chosen option's chain, step by step, as a table with a bar per step (costs left,
     income right) and the running total. */
  async function selectProcess(index) {
    const p = state.process;
    const option = p.options[index];
    for (const tr of $('process-table').querySelectorAll('tbody tr')) {
      const chosen = Number(tr.dataset.option) === index + 1;
      tr.classList.toggle('selected', chosen);
      const button = tr.querySelector('button.pick');
      if (button) button.setAttribute('aria-pressed', String(chosen));
    }
    $('chain-error').hidden = true;
    const r = state.processRequest;
    const body = { origin: r.origin, market: r.market, commodity: r.commodity };
    if (option.site !== 'none' && option.place) { body.output = r.output; body.at = option.place; }
    try {
      const chain = await postJson('/api/chain', body);
      renderChain(chain, option);
    } catch (error) {
      clear($('chain-table'));
      showError($('chain-error'), error, null, 'process');
    }
  }

  function renderChain(chain, option) {
    $('chain-title').textContent = `The chain: ${option.name} (USD per ${chain.per})`;
    const node = $('chain-table');
    clear(node);
    const most = Math.max(1, ...chain.steps.map((st) => Math.abs(st.usd_per_t)));
    let total = 0;
    node.append(h('thead', {}, h('tr', {}, ['Step', 'Product', 'USD/t', 'Running total', 'Bar']
      .map((label, i) => h('th', { scope: 'col', class: i === 2 || i === 3 ? 'num' : null }, label)))));
    node.append(h('tbody', {}, chain.steps.map((st) => {
      total += st.usd_per_t;
      const width = Math.round(100 * Math.abs(st.usd_per_t) / most);
      return h('tr', { class: st.usd_per_t < 0 ? 'cost' : 'income' },
        h('td', {}, st.label), h('td', {}, st.product),
        h('td', { class: 'num' }, signed(st.usd_per_t, 2)), h('td', { class: 'num' }, signed(total, 2)),
        h('td', { class: 'bar-cell' }, s('svg', { class: 'chain-bar', viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
          s('rect', { class: st.usd_per_t < 0 ? 'cost' : 'income', x: 0, y: 0, width: Math.max(width, 1), height: 10 })), st.usd_per_t < 0 ? 'cost' : 'income'));
    }), h('tr', { class: 'total' }, h('td', {}, 'Margin'), h('td', {}, ''), h('td', { class: 'num' }, signed(chain.margin_usd_per_t, 2)),
      h('td', { class: 'num' }, ''), h('td', {}, `netback ${fmt(chain.netback_usd_per_t, 2)}; ${fmt(chain.days_mean, 1)} days`))));
    cardify(node);
  }

  // ----------------------------------------------------------------------------- views
  const VIEWS = ['route', 'compare', 'scenarios', 'catchment', 'process'];

  function showView(view) {
    for (const name of VIEWS) {
      $(`tab-${name}`).setAttribute('aria-selected', String(view === name));
      $(`tab-${name}`).tabIndex = view === name ? 0 : -1;
    }
    $('route-form').hidden = view !== 'route';
    $('route-results').hidden = view !== 'route';
    $('compare-form').hidden = view !== 'compare';
    $('compare-results').hidden = view !== 'compare';
    $('scenario-forms').hidden = view !== 'scenarios';
    $('scenario-results').hidden = view !== 'scenarios';
    for (const name of ['catchment', 'process']) {
      $(`${name}-form`).hidden = view !== name;
      $(`${name}-results`).hidden = view !== name;
    }
    $('flow-note').hidden = true;
    if (view === 'route') drawPlanOnMap();
    else if (view === 'compare') drawComparisonOnMap();
    else if (view === 'catchment') drawCatchmentOnMap();
    else if (view === 'process') { resetRouteLayers(); fitContent(); }
    else drawAllocationOnMap();
  }

  async function init() {
    if (window.matchMedia('(max-width: 820px)').matches) {
      document.querySelectorAll('details.constraints').forEach((d) => { d.open = false; });
    }
    initMap();
    const [options, places] = await Promise.all([api('/api/options'), api('/api/places?limit=500')]);
    state.options = options;
    for (const place of places.places) state.places.set(place.id, place);

    const commodities = options.commodities.map((c) => c.id);
    const commodityLabels = options.commodities.map((c) => c.name);
    const objectives = options.objectives;
    const objectiveLabels = objectives.map((o) => (o === 'generalised' ? 'generalised cost (freight + value of time)' : o));
    // The route example goes to Ho Chi Minh City: every terminal that serves it, in every unit
    // the cargo may travel in; the planner chooses per route and says which.
    for (const [cargo, unit, objective, packed] of [['commodity', 'unit', 'objective', ''], ['c-commodity', 'c-unit', 'c-objective', '']]) {
      fillSelect($(cargo), commodities, commodityLabels, 'wheat');
      fillSelect($(objective), objectives, objectiveLabels, 'generalised');
      fillUnits($(unit), 'wheat', packed);
      $(cargo).addEventListener('change', () => fillUnits($(unit), $(cargo).value, ''));
    }
    const countries = options.countries.map((c) => [c.code, c.name]);
    const passages = options.passages.map((p) => [p, PASSAGES[p] || p]);
    fillChecks($('avoid-countries'), 'avoid-country', countries);
    fillChecks($('avoid-passages'), 'avoid-passage', passages);
    fillChecks($('avoid-crossings'), 'avoid-crossing', options.crossings.map((c) => [c.id, c.name]));
    fillChecks($('c-avoid-countries'), 'c-avoid-country', countries);
    fillChecks($('c-avoid-passages'), 'c-avoid-passage', passages);

    combobox($('origin'), $('origin-list'));
    combobox($('destination'), $('destination-list'));
    combobox($('via'), $('via-list'));
    combobox($('market'), $('market-list'));
    combobox($('origin-add'), $('origin-add-list'), (place) => { addOrigins([place.id]); $('origin-add').value = ''; });

    state.origins = ['Kostanay', 'Astana', 'Kwinana', 'Novorossiysk', 'Kalama'].filter((n) => [...state.places.values()].some((p) => p.name === n));
    renderChips();
    $('add-kazakh').addEventListener('click', () => addOrigins(options.origins.filter((id) => (state.places.get(id) || {}).country === 'KZ')));
    $('add-competitors').addEventListener('click', () => addOrigins(options.competitors));
    $('clear-origins').addEventListener('click', () => { state.origins = []; renderChips(); });

    $('route-form').addEventListener('submit', (event) => { event.preventDefault(); planRoute(routeRequest()); });
    $('compare-form').addEventListener('submit', (event) => { event.preventDefault(); runCompare(compareRequest()); });
    $('tab-route').addEventListener('click', () => showView('route'));
    $('tab-compare').addEventListener('click', () => showView('compare'));
    $('tab-scenarios').addEventListener('click', () => showView('scenarios'));
    $('tab-catchment').addEventListener('click', () => showView('catchment'));
    $('tab-process').addEventListener('click', () => showView('process'));
    const gateways = [...options.crossings, ...(options.ports || [])];
    fillSelect($('k-gateway'), gateways.map((g) => g.id), gateways.map((g) => g.name),
      (gateways.find((g) => g.name.startsWith('Lianyungang')) || gateways[0] || {}).id);
    fillSelect($('k-cargo'), commodities, commodityLabels, 'wheat');
    fillSelect($('p-input'), commodities, commodityLabels, 'wheat');
    fillSelect($('p-output'), commodities, commodityLabels, commodities.includes('flour') ? 'flour' : commodities[0]);
    $('catchment-form').addEventListener('submit', (event) => { event.preventDefault(); runCatchment(catchmentRequest()); });
    $('process-form').addEventListener('submit', (event) => { event.preventDefault(); runProcess(processRequest()); });
    // the tabs as one tab stop: the arrow keys move between them (the ARIA tabs pattern)
    const tabs = VIEWS;
    tabs.forEach((name, i) => $(`tab-${name}`).addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      const next = tabs[(i + step + tabs.length) % tabs.length];
      showView(next);
      $(`tab-${next}`).focus();
    }));
    let resizing = null;
    window.addEventListener('resize', () => {
      clearTimeout(resizing);
      resizing = setTimeout(() => { if (state.comparison && !$('compare-output').hidden) drawCompareChart(); }, 150);
    });
    $('allocate-form').addEventListener('submit', (event) => { event.preventDefault(); runAllocation(); });
    $('simulate-form').addEventListener('submit', (event) => { event.preventDefault(); runSimulation(); });
    $('fill-diff').addEventListener('click', async () => {
      try { $('diff-yaml').value = await loadExample('demo_no_russia'); } catch (error) { showError($('allocate-error'), error, null, 'scenario'); }
    });
    $('clear-diff').addEventListener('click', () => { $('diff-yaml').value = ''; });
    $('save-plan').addEventListener('click', () => savePlan('route'));
    $('save-compare').addEventListener('click', () => savePlan('compare'));
    $('copy-link').addEventListener('click', async () => {
      const input = $('share-link');
      input.select();
      try { await navigator.clipboard.writeText(input.value); $('copy-link').textContent = 'Copied'; } catch (_) { /* selected for manual copy */ }
    });

    document.body.dataset.ready = 'true';
    initWhatIfs();
    await Promise.all([loadNetwork(), loadCountries(), initExamples()]);
    document.body.dataset.map = 'ready';
    const planId = new URLSearchParams(window.location.search).get('plan');
    if (planId) await openSavedPlan(planId);
  }

  // What the page's other scripts (breakeven.js) may use: one set of helpers, not copies.
  window.landbridgePage = Object.freeze({ $, h, fmt, clear, postJson, showError, clearInvalid, reveal, shortName });

  document.addEventListener('DOMContentLoaded', () => {
    init().catch((error) => {
      const box = $('route-error');
      box.hidden = false;
      box.textContent = `The page could not start: ${error.message}`;
    });
  });
})();
