import { hrefOf, type Route, type Section, sectionOf } from "../routes.ts";

const SECTIONS: { section: Section; label: string }[] = [
  { section: "photos", label: "Photos" },
  { section: "receipts", label: "Receipts" },
  { section: "reviews", label: "Reviews" },
  { section: "export", label: "Export" },
];

/** The app's sections; the current one is marked for screen readers as well as by its look. */
export const Navigation = ({ route }: { route: Route }) => {
  const current = sectionOf(route);
  return (
    <nav class="sections" aria-label="Sections">
      <ul>
        {SECTIONS.map(({ section, label }) => (
          <li key={section}>
            <a href={hrefOf({ page: section })} aria-current={section === current ? "page" : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
};
