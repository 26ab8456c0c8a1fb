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
  };

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
    pointers: new Map(),
  };

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
    }
    map.network.append(lines);
    for (const feature of collection.features) {
      if (feature.properties.feature !== 'place') continue;
      const [lon, lat] = feature.geometry.coordinates;
      const [x, y] = project(lon, lat);
      const g = s('g', { class: 'net-place-mark' },
        s('circle', { class: 'net-place', r: 2.5 }, s('title', {}, feature.properties.name)));
      map.netPlaces.append(g);
      map.scaled.push({ node: g, x, y });
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

  function addMarker(layer, x, y, kind, label, title) {
    const g = s('g', { class: `marker ${kind}` });
    if (kind.includes('border')) g.append(s('rect', { x: -5, y: -5, width: 10, height: 10 }));
    else g.append(s('circle', { r: kind.includes('end') || kind.includes('market') ? 6 : 5 }));
    if (label) g.append(s('text', { x: 9, y: 4 }, label));
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

  function drawRoute(route, index, selected, bbox) {
    const group = s('g', { class: `route ${selected ? 'selected' : 'other'}`, 'data-route': index + 1 });
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
    if (longest) {
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
    plan.routes.forEach((route, i) => { if (i !== state.selected) drawRoute(route, i, false, null); });
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const route = plan.routes[state.selected];
    const tracks = drawRoute(route, state.selected, true, bbox);
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
    const all = tracks.flat();
    if (all.length) {
      const [ox, oy] = project(all[0][0], all[0][1]);
      const [dx, dy] = project(all[all.length - 1][0], all[all.length - 1][1]);
      addMarker(map.markers, ox, oy, 'end origin', shortName(plan.origin.name), `Origin: ${plan.origin.name}`);
      addMarker(map.markers, dx, dy, 'end destination', shortName(plan.destination.name), `Market: ${plan.destination.name}`);
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

  function drawComparisonOnMap() {
    resetRouteLayers();
    const c = state.comparison;
    if (!c) return;
    const market = state.places.get(c.market.id);
    if (!market) return;
    const bbox = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
    const grow = (x, y) => { bbox.x0 = Math.min(bbox.x0, x); bbox.x1 = Math.max(bbox.x1, x); bbox.y0 = Math.min(bbox.y0, y); bbox.y1 = Math.max(bbox.y1, y); };
    const mlon = near(market.lon, 75);
    const [mx, my] = project(mlon, market.lat);
    grow(mx, my);
    c.rows.forEach((row, i) => {
      const place = state.places.get(row.origin.id);
      if (!place) return;
      const [x, y] = project(near(place.lon, mlon), place.lat);
      grow(x, y);
      const label = `${i + 1}. ${shortName(place.name)}${row.competitor ? ' (competitor)' : ''}`;
      addMarker(map.markers, x, y, 'compare', label, row.route === null ? `${place.name}: no route` : `${place.name}: landed USD ${fmt(row.landed_usd_per_t, 2)}/t`);
    });
    addMarker(map.markers, mx, my, 'compare market end', `Market: ${shortName(market.name)}`);
    map.content = bbox;
    fitContent();
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
          if (mine !== seq) return;
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
  function showError(box, error, retry) {
    clear(box);
    box.hidden = false;
    const body = error.body || {};
    const field = body.field ? ` (${body.field.replace(/_/g, ' ')})` : '';
    box.append(h('strong', {}, `Could not answer${field}:`), h('span', { class: 'message' }, error.message));
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
  }

  // ----------------------------------------------------------------------------- route view
  async function planRoute(request) {
    const button = $('plan-button');
    const status = $('route-status');
    $('route-error').hidden = true;
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
    } catch (error) {
      status.textContent = 'No answer for this question.';
      showError($('route-error'), error, {
        unit: (unit) => { $('unit').value = unit; planRoute(routeRequest()); },
        place: (field, name) => { const input = $(field === 'max_days' ? 'max-days' : field); if (input) { input.value = name; planRoute(routeRequest()); } },
      });
    } finally {
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
      row.classList.toggle('selected', Number(row.dataset.route) === state.selected + 1);
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

  function renderRoutesTable() {
    const plan = state.plan;
    const netback = plan.routes.some((r) => r.netback_usd_per_t !== undefined);
    const table = $('routes-table');
    clear(table);
    table.append(h('caption', { class: 'hint' }, 'Days: mean (p50 to p90). Costs per tonne include freight, handling and carrying cost. Choose a route to see it on the map.'));
    table.append(h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'Corridor'), h('th', { scope: 'col' }, 'Unit, terminal'), h('th', { scope: 'col', class: 'num' }, 'Days'),
      h('th', { scope: 'col', class: 'num' }, 'USD/t'), h('th', { scope: 'col', class: 'num' }, 'Shipment USD'),
      h('th', { scope: 'col', class: 'num' }, 'kg CO2e/t (WTW)'), netback ? h('th', { scope: 'col', class: 'num' }, 'Netback USD/t') : null)));
    const body = h('tbody');
    plan.routes.forEach((route, i) => {
      body.append(h('tr', { 'data-route': i + 1 },
        h('td', {}, h('button', { type: 'button', class: 'pick', 'aria-label': `Show route ${i + 1} on the map`, onclick: () => select(i) }, String(i + 1))),
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
      const note = transfer ? '' : (leg.passages || []).map((p) => PASSAGES[p] || p).join(', ');
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
    axes(chart, box, niceTicks(x0, x1, 5), niceTicks(y0, y1, 4), 'expected days', 'USD per tonne', xScale, yScale);
    routes.forEach((route, i) => {
      const selected = i === state.selected;
      const g = s('g', { class: `point${selected ? ' selected' : ''}`, 'data-route': i + 1, tabindex: 0, role: 'button',
        'aria-label': `Route ${i + 1}: ${fmt(route.days.mean, 1)} days, USD ${fmt(route.cost_usd_per_t, 2)} per tonne`,
        transform: `translate(${xScale(route.days.mean)} ${yScale(route.cost_usd_per_t)})`,
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
    axes(chart, box, niceTicks(x0, x1, 5), niceTicks(0, yMax, 4), 'days door to port', '% of samples', xScale, yScale);
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
    if (!request.origins.length) {
      showError($('compare-error'), new Error('add at least one origin'), null);
      return;
    }
    button.disabled = true;
    status.textContent = 'Comparing';
    status.classList.add('busy');
    try {
      state.comparison = await postJson('/api/compare', request);
      state.compareRequest = request;
      $('compare-share-box').hidden = true;
      renderComparison();
    } catch (error) {
      status.textContent = 'No answer for this question.';
      showError($('compare-error'), error, {
        unit: (unit) => { $('c-unit').value = unit; runCompare(compareRequest()); },
        place: (field, name) => { if (field === 'market') { $('market').value = name; runCompare(compareRequest()); } },
      });
    } finally {
      button.disabled = false;
      status.classList.remove('busy');
    }
  }

  function renderComparison() {
    const c = state.comparison;
    const price = c.price_usd_per_t;
    $('compare-status').textContent = `${c.commodity} to ${c.market.name}, ${c.objective} first${price !== null && price !== undefined ? `; market price USD ${fmt(price)}/t` : ''}.`;
    $('compare-output').hidden = false;
    const table = $('compare-table');
    clear(table);
    table.append(h('caption', { class: 'hint' }, 'Competitor origins are costed from their port (FOB basis). Landed = cargo value + freight + carrying cost. Netback = market price minus freight and carrying cost.'));
    table.append(h('thead', {}, h('tr', {}, ['#', 'Origin', 'Country', 'Corridor', 'Days mean (p90)', 'Cost USD/t', 'Landed USD/t', 'Netback USD/t'].map((label, i) =>
      h('th', { scope: 'col', class: i >= 4 ? 'num' : null }, label)))));
    const body = h('tbody');
    c.rows.forEach((row, i) => {
      const origin = h('td', {}, row.origin.name, row.competitor ? h('span', { class: 'tag' }, 'competitor') : null);
      if (row.route === null) {
        body.append(h('tr', { class: 'no-route' }, h('td', {}, String(i + 1)), origin, h('td', {}, row.origin.country),
          h('td', { colspan: 5 }, `no route: ${row.reason}`)));
        return;
      }
      body.append(h('tr', {}, h('td', {}, String(i + 1)), origin, h('td', {}, row.origin.country), h('td', {}, row.corridor),
        h('td', { class: 'num' }, `${fmt(row.days.mean, 1)} (${fmt(row.days.p90, 1)})`),
        h('td', { class: 'num' }, fmt(row.cost_usd_per_t, 2)),
        h('td', { class: 'num' }, fmt(row.landed_usd_per_t, 2)),
        h('td', { class: 'num' }, row.netback_usd_per_t === undefined ? '' : fmt(row.netback_usd_per_t, 2))));
    });
    table.append(body);
    drawCompareChart();
    drawComparisonOnMap();
  }

  function drawCompareChart() {
    const chart = $('compare-chart');
    clear(chart);
    const rows = state.comparison.rows.filter((r) => r.route !== null);
    const W = 640; const rowH = 26; const left = 170; const right = 90;
    const H = 30 + rows.length * rowH;
    chart.setAttribute('viewBox', `0 0 ${W} ${H}`);
    const max = Math.max(...rows.map((r) => r.landed_usd_per_t), 1);
    rows.forEach((row, i) => {
      const y = 10 + i * rowH;
      const width = (row.landed_usd_per_t / max) * (W - left - right);
      const name = `${shortName(row.origin.name)}${row.competitor ? ' (competitor)' : ''}`;
      chart.append(s('text', { x: left - 8, y: y + 15, 'text-anchor': 'end' }, name));
      chart.append(s('rect', { class: `bar${row.competitor ? ' competitor' : ''}`, x: left, y: y + 3, width, height: rowH - 8 },
        s('title', {}, `${row.origin.name}: landed USD ${fmt(row.landed_usd_per_t, 2)}/t`)));
      chart.append(s('text', { x: left + width + 6, y: y + 15 }, `USD ${fmt(row.landed_usd_per_t, 0)}`));
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

  async function initExamples() {
    const pick = $('example-pick');
    let examples = [];
    try { examples = await api('/api/examples'); } catch (_) { examples = []; }
    state.examples = examples.map((e) => e.name);
    clear(pick);
    if (!examples.length) {
      pick.append(h('option', { value: '' }, 'no examples installed: paste a scenario'));
      pick.disabled = true;
    } else {
      pick.append(h('option', { value: '' }, 'choose an example ...'));
      for (const e of examples) pick.append(h('option', { value: e.name }, `${e.file}: ${e.description}`));
      pick.addEventListener('change', async () => {
        if (!pick.value) return;
        try { $('scenario-yaml').value = await loadExample(pick.value); } catch (error) { showError($('allocate-error'), error, null); }
      });
    }
    if (state.examples.includes('demo') && !$('scenario-yaml').value) {
      try {
        $('scenario-yaml').value = await loadExample('demo');
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

  async function runAllocation() {
    const button = $('allocate-button');
    const status = $('allocate-status');
    const output = $('allocate-output');
    $('allocate-error').hidden = true;
    const params = { scenario: $('scenario-yaml').value };
    const diff = $('diff-yaml').value;
    if (diff.trim()) params.diff = diff;
    button.disabled = true;
    status.classList.add('busy');
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
      output.hidden = false;
      status.textContent = `Allocated: ${fmt(result.diff ? result.base.delivered_t : result.delivered_t)} t delivered.`;
    } catch (error) {
      output.hidden = true;
      status.textContent = 'No allocation for this scenario.';
      showError($('allocate-error'), error, null);
    } finally {
      $('allocate-progress').hidden = true;
      status.classList.remove('busy');
      button.disabled = false;
    }
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

  // ----------------------------------------------------------------------------- views
  function showView(view) {
    for (const name of ['route', 'compare', 'scenarios']) {
      $(`tab-${name}`).setAttribute('aria-selected', String(view === name));
    }
    $('route-form').hidden = view !== 'route';
    $('route-results').hidden = view !== 'route';
    $('compare-form').hidden = view !== 'compare';
    $('compare-results').hidden = view !== 'compare';
    $('scenario-forms').hidden = view !== 'scenarios';
    $('scenario-results').hidden = view !== 'scenarios';
    // the scenarios view has nothing to draw on the map: its results take the map's place
    document.querySelector('.map-area').hidden = view === 'scenarios';
    document.querySelector('main.layout').classList.toggle('no-map', view === 'scenarios');
    if (view === 'route') drawPlanOnMap(); else if (view === 'compare') drawComparisonOnMap();
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
    $('allocate-form').addEventListener('submit', (event) => { event.preventDefault(); runAllocation(); });
    $('simulate-form').addEventListener('submit', (event) => { event.preventDefault(); runSimulation(); });
    $('fill-diff').addEventListener('click', async () => {
      try { $('diff-yaml').value = await loadExample('demo_no_russia'); } catch (error) { showError($('allocate-error'), error, null); }
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
    await Promise.all([loadNetwork(), loadCountries(), initExamples()]);
    document.body.dataset.map = 'ready';
    const planId = new URLSearchParams(window.location.search).get('plan');
    if (planId) await openSavedPlan(planId);
  }

  document.addEventListener('DOMContentLoaded', () => {
    init().catch((error) => {
      const box = $('route-error');
      box.hidden = false;
      box.textContent = `The page could not start: ${error.message}`;
    });
  });
})();
