/*
 * The shops and goods the corpus's receipts come from: fictional merchants with the header a
 * till prints (address and phone lines under the name), and what each kind of shop sells at
 * plausible prices, in the country's language. Phone numbers are from the ranges set aside for
 * fiction (555-01xx, 020 7946 0xxx) or plainly made up.
 */

/** What a kind of shop sells, by language: [name, lowest price, highest price] in cents. */
const goods = {
  grocery: {
    en: [
      ["Bananas 2.1 lb", 99, 189],
      ["Whole Milk 1 Gal", 329, 469],
      ["Sourdough Loaf", 349, 599],
      ["Free Range Eggs 12ct", 389, 649],
      ["Cheddar Block 8oz", 299, 499],
      ["Baby Spinach 5oz", 279, 399],
      ["Ground Coffee 12oz", 799, 1299],
      ["Greek Yogurt 32oz", 449, 699],
      ["Pasta Penne 16oz", 129, 249],
      ["Tomato Sauce 24oz", 229, 399],
      ["Chicken Breast 1.4 lb", 699, 1199],
      ["Apples Gala 3 lb", 399, 599],
      ["Orange Juice 52oz", 399, 579],
      ["Peanut Butter 16oz", 259, 449],
      ["Paper Towels 6pk", 799, 1349],
      ["Olive Oil 500ml", 699, 1199],
      ["Avocados 4ct", 399, 599],
      ["Rolled Oats 42oz", 379, 549],
    ],
    de: [
      ["Vollmilch 1,5% 1L", 99, 139],
      ["Roggenbrot 750g", 189, 299],
      ["Bananen lose", 119, 229],
      ["Gouda jung 400g", 279, 399],
      ["Butter 250g", 199, 269],
      ["Äpfel Elstar 1kg", 199, 329],
      ["Spaghetti 500g", 89, 179],
      ["Tomaten passiert", 69, 129],
      ["Joghurt Natur 500g", 79, 149],
      ["Kaffee gemahlen 500g", 549, 899],
      ["Mineralwasser 6x1,5L", 299, 459],
      ["Kartoffeln 2,5kg", 249, 399],
      ["Eier Freiland 10St", 259, 369],
      ["Haferflocken 500g", 79, 149],
    ],
    fr: [
      ["Baguette tradition", 110, 150],
      ["Lait demi-écrémé 1L", 95, 139],
      ["Camembert 250g", 199, 349],
      ["Pommes Golden 1kg", 219, 329],
      ["Yaourt nature x8", 189, 289],
      ["Beurre doux 250g", 219, 329],
      ["Café moulu 250g", 299, 549],
      ["Pâtes fusilli 500g", 99, 189],
      ["Eau minérale 6x1,5L", 249, 399],
      ["Tomates grappe 1kg", 279, 449],
      ["Jambon blanc x4", 259, 399],
    ],
    es: [
      ["Pan de barra", 60, 120],
      ["Leche entera 1L", 85, 129],
      ["Aceite de oliva 1L", 599, 999],
      ["Tomates 1kg", 189, 299],
      ["Huevos L docena", 229, 329],
      ["Queso manchego 250g", 349, 599],
      ["Arroz redondo 1kg", 129, 219],
      ["Jamón serrano 100g", 229, 399],
      ["Naranjas 2kg", 249, 399],
      ["Yogur natural x4", 119, 189],
    ],
    nl: [
      ["Volkoren brood", 189, 299],
      ["Halfvolle melk 1L", 99, 139],
      ["Goudse kaas 500g", 499, 799],
      ["Appels Elstar 1kg", 199, 299],
      ["Pindakaas 350g", 229, 349],
      ["Hagelslag 400g", 219, 329],
      ["Koffie snelfilter 500g", 499, 799],
      ["Bananen 1kg", 149, 229],
      ["Yoghurt vol 1L", 119, 189],
      ["Stroopwafels 8st", 179, 289],
    ],
  },
  cafe: {
    en: [
      ["Latte 16oz", 425, 595],
      ["Americano", 295, 395],
      ["Cappuccino", 375, 495],
      ["Blueberry Muffin", 295, 395],
      ["Croissant", 275, 375],
      ["Bagel w/ Cream Cheese", 345, 475],
      ["Chai Tea Latte", 425, 565],
      ["Avocado Toast", 795, 1095],
      ["Flat White", 395, 495],
      ["Scone", 295, 365],
    ],
    de: [
      ["Brezel", 70, 120],
      ["Kaffee Crema", 260, 340],
      ["Cappuccino", 320, 420],
      ["Apfelstrudel", 380, 490],
      ["Käsebrötchen", 250, 390],
      ["Croissant", 140, 220],
      ["Mohnkuchen", 260, 340],
      ["Latte Macchiato", 360, 460],
    ],
    fr: [
      ["Croissant", 110, 160],
      ["Pain au chocolat", 120, 170],
      ["Café crème", 250, 380],
      ["Tarte aux pommes", 290, 450],
      ["Éclair café", 280, 390],
      ["Sandwich jambon beurre", 450, 650],
      ["Chocolat chaud", 350, 480],
    ],
    es: [
      ["Café con leche", 140, 220],
      ["Tostada con tomate", 220, 350],
      ["Croissant", 150, 240],
      ["Zumo de naranja", 280, 420],
      ["Bocadillo de jamón", 450, 690],
      ["Churros (6)", 290, 420],
    ],
    nl: [
      ["Koffie verkeerd", 290, 390],
      ["Appeltaart", 395, 495],
      ["Tosti ham kaas", 450, 650],
      ["Cappuccino", 320, 420],
      ["Broodje kaas", 390, 550],
      ["Verse jus", 350, 450],
    ],
  },
  restaurant: {
    en: [
      ["Cheeseburger Deluxe", 1295, 1695],
      ["Fish & Chips", 1395, 1795],
      ["Caesar Salad", 995, 1395],
      ["Club Sandwich", 1195, 1495],
      ["Soup of the Day", 595, 795],
      ["Pancake Stack", 895, 1195],
      ["Iced Tea", 295, 395],
      ["Draft Beer", 595, 795],
      ["Apple Pie a la Mode", 695, 895],
      ["Sunday Roast", 1495, 1895],
    ],
  },
  hardware: {
    en: [
      ["Wood Screws #8 1-1/4in 100pk", 699, 999],
      ["Claw Hammer 16oz", 1499, 2499],
      ["Masking Tape 1.88in", 499, 799],
      ["Interior Paint Gal Eggshell", 3499, 4999],
      ["Paint Roller Kit 9in", 1199, 1699],
      ["LED Bulb A19 4pk", 899, 1499],
      ["Extension Cord 25ft", 1599, 2499],
      ["Cordless Drill 20V", 8999, 14999],
      ["Garden Hose 50ft", 2499, 3999],
      ["Work Gloves L", 899, 1499],
      ["Utility Knife", 599, 999],
    ],
    de: [
      ["Holzschrauben 4x40 200St", 599, 899],
      ["Wandfarbe weiß 10L", 2999, 4999],
      ["Malerrolle 25cm", 499, 899],
      ["Abdeckfolie 4x5m", 249, 499],
      ["Akku-Bohrschrauber 18V", 7999, 12999],
      ["LED Lampe E27 4er", 799, 1299],
      ["Dübel 8mm 50St", 299, 499],
      ["Cuttermesser", 399, 799],
    ],
    fr: [
      ["Vis bois 4x40 boîte 200", 599, 899],
      ["Peinture blanche 10L", 2999, 4999],
      ["Rouleau peinture 180mm", 499, 899],
      ["Ampoule LED E27 x3", 699, 1199],
      ["Perceuse visseuse 18V", 7999, 12999],
      ["Ruban de masquage", 299, 599],
    ],
    es: [
      ["Tornillos madera 4x40", 499, 799],
      ["Pintura blanca 15L", 2999, 4599],
      ["Rodillo de pintura", 399, 799],
      ["Bombilla LED E27", 299, 599],
      ["Taladro 18V", 6999, 11999],
      ["Cinta de carrocero", 199, 399],
    ],
    nl: [
      ["Houtschroeven 4x40", 499, 799],
      ["Muurverf wit 10L", 2999, 4599],
      ["Verfroller 25cm", 499, 799],
      ["LED lamp E27 3st", 699, 1099],
      ["Accuboormachine 18V", 6999, 11999],
    ],
  },
  pharmacy: {
    en: [
      ["Ibuprofen 200mg 100ct", 699, 1199],
      ["Vitamin D3 2000IU", 899, 1499],
      ["Allergy Relief 30ct", 1199, 1899],
      ["Toothpaste Whitening", 399, 599],
      ["Sunscreen SPF50", 899, 1399],
      ["Cough Syrup 8oz", 899, 1299],
      ["Bandages Assorted 60ct", 499, 799],
      ["Hand Sanitizer 8oz", 299, 499],
      ["Multivitamin 100ct", 1099, 1699],
    ],
    de: [
      ["Ibuprofen 400 20St", 399, 699],
      ["Nasenspray", 349, 599],
      ["Vitamin C 1000", 599, 999],
      ["Hustensaft 100ml", 699, 1099],
      ["Pflaster Sortiment", 299, 499],
      ["Sonnencreme LSF 50", 899, 1499],
    ],
    fr: [
      ["Doliprane 1000mg", 199, 299],
      ["Sirop toux sèche", 599, 899],
      ["Crème solaire SPF50", 999, 1599],
      ["Pansements x20", 249, 449],
      ["Vitamine C 500", 499, 799],
    ],
    es: [
      ["Paracetamol 1g 20", 199, 399],
      ["Jarabe para la tos", 599, 899],
      ["Crema solar SPF50", 999, 1599],
      ["Tiritas surtidas", 249, 449],
    ],
    nl: [
      ["Paracetamol 500mg", 129, 249],
      ["Neusspray", 399, 599],
      ["Zonnebrand SPF30", 799, 1299],
      ["Pleisters 20st", 249, 399],
      ["Vitamine D", 499, 799],
    ],
  },
  electronics: {
    en: [
      ["USB-C Cable 6ft", 1299, 2499],
      ['27" Monitor QHD', 22999, 34999],
      ["Wireless Mouse", 1999, 3999],
      ["Mechanical Keyboard", 6999, 12999],
      ["Noise Cancelling Headphones", 19999, 34999],
      ["Laptop 14in 16GB", 79999, 129999],
      ["Extended Warranty 2yr", 4999, 14999],
      ["HDMI Cable 10ft", 999, 1999],
    ],
    de: [
      ["USB-C Kabel 2m", 999, 1999],
      ["Monitor 27 Zoll", 19999, 32999],
      ["Funkmaus", 1999, 3999],
      ["Notebook 14 Zoll", 69999, 119999],
      ["Kopfhörer Bluetooth", 7999, 24999],
      ["HDMI Kabel 3m", 799, 1599],
    ],
  },
  fuel: {
    en: [
      ["Snack Bar", 149, 249],
      ["Bottled Water 1L", 179, 279],
      ["Energy Drink", 299, 399],
      ["Windshield Washer Fluid", 499, 799],
    ],
  },
};

/**
 * The merchants, by locale. `name` is the label; `header` how the till prints it (uppercase on
 * most thermal printers); `lines` the address and phone lines that follow it.
 */
export const merchants = {
  us: [
    {
      name: "Green Valley Market",
      kind: "grocery",
      lines: ["1420 Alder Ave", "Portland, OR 97205", "(503) 555-0148"],
    },
    {
      name: "Bayside Hardware",
      kind: "hardware",
      lines: ["77 Harbor Blvd", "Santa Cruz, CA 95060", "Tel (831) 555-0192"],
    },
    { name: "Corner Brew Coffee", kind: "cafe", lines: ["318 W 4th St", "Austin, TX 78701", "512-555-0117"] },
    {
      name: "Liberty Pharmacy",
      kind: "pharmacy",
      lines: ["905 Main St", "Springfield, IL 62701", "Phone: (217) 555-0163"],
    },
    {
      name: "Summit Fuel & Go",
      kind: "fuel",
      lines: ["2100 Route 9", "Albany, NY 12205", "(518) 555-0129"],
    },
    {
      name: "Pixel Point Electronics",
      kind: "electronics",
      lines: ["4455 Commerce Dr", "Columbus, OH 43219", "1-800-555-0185"],
    },
    {
      name: "Joe's Family Diner",
      kind: "restaurant",
      lines: ["12 Elm St", "Burlington, VT 05401", "(802) 555-0133"],
    },
    {
      name: "FreshWay Foods",
      kind: "grocery",
      lines: ["660 Peachtree Rd NE", "Atlanta, GA 30308", "(404) 555-0171"],
    },
    {
      name: "Mesa Garden Center",
      kind: "hardware",
      lines: ["3010 E Camelback Rd", "Phoenix, AZ 85016", "(602) 555-0155"],
    },
    {
      name: "Harbor Light Cafe",
      kind: "cafe",
      lines: ["5 Wharf St", "Portland, ME 04101", "207.555.0104"],
    },
  ],
  uk: [
    {
      name: "Oakfield Grocers",
      kind: "grocery",
      lines: ["14 High Street", "Oxford OX1 4AB", "Tel: 01865 555014"],
    },
    {
      name: "The Crown & Anchor",
      kind: "restaurant",
      lines: ["2 Quay Road", "Whitby YO21 3PP", "01947 555 210"],
    },
    {
      name: "Pennywise Chemist",
      kind: "pharmacy",
      lines: ["88 Deansgate", "Manchester M3 2FW", "0161 555 0190"],
    },
    {
      name: "Brightside Hardware",
      kind: "hardware",
      lines: ["Unit 4, Mill Lane", "Leeds LS12 6AB", "0113 555 0147"],
    },
    {
      name: "Kettle & Crumb Cafe",
      kind: "cafe",
      lines: ["31 Camden High St", "London NW1 7JE", "020 7946 0321"],
    },
  ],
  de: [
    {
      name: "Bäckerei Sonnenkorn",
      kind: "cafe",
      lines: ["Hauptstraße 12", "10115 Berlin", "Tel. 030 5550172"],
    },
    {
      name: "Frischmarkt Lindenau",
      kind: "grocery",
      lines: ["Lützner Str. 85", "04177 Leipzig", "Tel: 0341 5550193"],
    },
    {
      name: "Baumarkt Eichhorn",
      kind: "hardware",
      lines: ["Industriestr. 7", "70565 Stuttgart", "0711 555 0140"],
    },
    {
      name: "Apotheke am Rathaus",
      kind: "pharmacy",
      lines: ["Marktplatz 3", "80331 München", "Tel. 089 5550166"],
    },
    {
      name: "Elektro Kranich",
      kind: "electronics",
      lines: ["Königsallee 40", "40212 Düsseldorf", "Tel 0211 5550128"],
    },
  ],
  fr: [
    {
      name: "Boulangerie du Marché",
      kind: "cafe",
      lines: ["12 rue de la République", "69002 Lyon", "Tél. 04 78 55 01 21"],
    },
    {
      name: "Épicerie Saint-Michel",
      kind: "grocery",
      lines: ["45 bd Saint-Michel", "75005 Paris", "Tél : 01 43 55 01 87"],
    },
    {
      name: "Pharmacie des Lilas",
      kind: "pharmacy",
      lines: ["3 place des Lilas", "33000 Bordeaux", "05 56 55 01 34"],
    },
    {
      name: "Bricolage Moreau",
      kind: "hardware",
      lines: ["ZA des Pins", "44300 Nantes", "Tél. 02 40 55 01 76"],
    },
  ],
  es: [
    {
      name: "Supermercado La Huerta",
      kind: "grocery",
      lines: ["Calle Mayor 21", "28013 Madrid", "Tel. 915 550 142"],
    },
    {
      name: "Cafetería El Faro",
      kind: "cafe",
      lines: ["Paseo Marítimo 8", "08003 Barcelona", "Tel: 932 550 117"],
    },
    {
      name: "Ferretería Almudena",
      kind: "hardware",
      lines: ["Av. de la Constitución 14", "41004 Sevilla", "954 550 163"],
    },
  ],
  nl: [
    {
      name: "Bakkerij De Molen",
      kind: "cafe",
      lines: ["Molenstraat 9", "3511 AB Utrecht", "Tel. 030 555 0119"],
    },
    {
      name: "Versmarkt Zuid",
      kind: "grocery",
      lines: ["Rijnstraat 120", "1079 HB Amsterdam", "020 555 0178"],
    },
    {
      name: "Drogisterij Tulp",
      kind: "pharmacy",
      lines: ["Grote Markt 5", "9711 LV Groningen", "050 555 0136"],
    },
  ],
};

const LANGUAGE_OF = { us: "en", uk: "en", de: "de", fr: "fr", es: "es", nl: "nl" };

/** What the merchant's kind of shop sells in its country's language. */
export const goodsOf = (localeName, kind) => {
  const list = goods[kind]?.[LANGUAGE_OF[localeName]];
  if (!list) throw new Error(`no goods for a ${kind} in ${localeName}`);
  return list;
};
